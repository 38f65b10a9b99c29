package dev.jobhub.stack.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks signature check, written here from the specification rather than taken from the notifier, so
 * that the benchmark verifies what the notifier signs instead of agreeing with it by construction:
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed by the base64-decoded part of the secret after
 * {@code whsec_}; a header may carry several signatures, space-separated (a rotation's grace).
 */
final class WebhookSignature {

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";

    private final byte[] key;

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /** @param secret {@code whsec_<base64>}, as the creation of an endpoint answers it */
    static WebhookSignature of(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        return new WebhookSignature(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())));
    }

    /** The signature of a message: {@code v1,<base64>}. */
    String sign(String messageId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True if any {@code v1} signature of the header matches the message (compared in constant time). */
    boolean verifies(String messageId, String timestamp, byte[] body, String signatureHeader) {
        if (messageId == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(messageId, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatureHeader.trim().split(" +")) {
            if (candidate.startsWith(VERSION)
                    && MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
