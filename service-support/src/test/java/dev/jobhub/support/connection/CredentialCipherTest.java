package dev.jobhub.support.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private final byte[] key1 = Base64.getDecoder().decode(CredentialCipher.newKey());
    private final byte[] key2 = Base64.getDecoder().decode(CredentialCipher.newKey());

    @Test
    void sealedPasswordOpensOnlyForItsConnection() {
        CredentialCipher cipher = new CredentialCipher("k1", Map.of("k1", key1));
        String sealed = cipher.seal("s3cret-pässword", "conn-a");

        assertThat(sealed).startsWith("v1:k1:").doesNotContain("s3cret");
        assertThat(cipher.open(sealed, "conn-a")).isEqualTo("s3cret-pässword");
        assertThatThrownBy(() -> cipher.open(sealed, "conn-b"))
                .isInstanceOf(CredentialCipher.CredentialUnreadableException.class)
                .hasMessageContaining("another connection");
    }

    @Test
    void sameValueSealsDifferentlyEachTime() {
        CredentialCipher cipher = new CredentialCipher("k1", Map.of("k1", key1));
        assertThat(cipher.seal("x", "c")).isNotEqualTo(cipher.seal("x", "c"));
    }

    @Test
    void alteredValueDoesNotOpen() {
        CredentialCipher cipher = new CredentialCipher("k1", Map.of("k1", key1));
        String sealed = cipher.seal("password", "c");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
        raw[raw.length - 1] ^= 1;
        String altered = "v1:k1:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> cipher.open(altered, "c"))
                .isInstanceOf(CredentialCipher.CredentialUnreadableException.class);
        assertThatThrownBy(() -> cipher.open("plain text", "c"))
                .hasMessageContaining("not in a known format");
    }

    @Test
    void rotatedKeysStillOpenOldValuesAndSealWithTheNewKey() {
        String old = new CredentialCipher("k1", Map.of("k1", key1)).seal("pw", "c");
        CredentialCipher rotated = new CredentialCipher("k2", Map.of("k1", key1, "k2", key2));

        assertThat(rotated.open(old, "c")).isEqualTo("pw");
        assertThat(rotated.seal("pw", "c")).startsWith("v1:k2:");
        assertThatThrownBy(() -> new CredentialCipher("k2", Map.of("k2", key2)).open(old, "c"))
                .hasMessageContaining("key 'k1'");
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new CredentialCipher("k1", Map.of("k1", new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
