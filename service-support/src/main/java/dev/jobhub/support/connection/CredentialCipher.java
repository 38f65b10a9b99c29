package dev.jobhub.support.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals connection passwords at rest with AES-256-GCM. A sealed value reads {@code v1:<keyId>:<base64(iv ‖
 * ciphertext ‖ tag)>}: the key id lets keys rotate (new values use the active key, older ones still open with the
 * previous keys), and the {@code context} (the connection's id) is bound as associated data, so a sealed password
 * copied onto another connection's row does not open.
 */
public final class CredentialCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    /**
     * @param activeKeyId the id of the key new values are sealed with
     * @param keys        every key that may have sealed a stored value, by id; each 32 bytes
     */
    public CredentialCipher(String activeKeyId, Map<String, byte[]> keys) {
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("no key with the active key id '" + activeKeyId + "'");
        }
        Map<String, SecretKey> copy = new LinkedHashMap<>();
        keys.forEach((id, bytes) -> {
            if (id.isBlank() || id.contains(":")) {
                throw new IllegalArgumentException("a key id must be non-blank and without ':'");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key '" + id + "' must be 32 bytes (AES-256), not " + bytes.length);
            }
            copy.put(id, new SecretKeySpec(bytes, "AES"));
        });
        this.activeKeyId = activeKeyId;
        this.keys = Map.copyOf(copy);
    }

    /** A new random key, base64-encoded: what {@code JOBHUB_CREDENTIALS_KEY} holds. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String seal(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), iv, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return VERSION + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a credential: " + e.getClass().getSimpleName());
        }
    }

    /** @throws CredentialUnreadableException if the value was sealed with an unknown key, for another context, or altered */
    public String open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new CredentialUnreadableException("the stored credential is not in a known format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new CredentialUnreadableException("the stored credential was sealed with key '" + parts[1]
                    + "', which this service does not have (JOBHUB_CREDENTIALS_PREVIOUS_KEYS)");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            if (in.length <= IV_BYTES) {
                throw new CredentialUnreadableException("the stored credential is truncated");
            }
            byte[] iv = java.util.Arrays.copyOfRange(in, 0, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv, context);
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialUnreadableException("the stored credential does not open with key '" + parts[1]
                    + "' (altered, or sealed for another connection)");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A sealed credential that cannot be opened; its message names no secret. */
    public static final class CredentialUnreadableException extends RuntimeException {
        public CredentialUnreadableException(String message) {
            super(message);
        }
    }
}
