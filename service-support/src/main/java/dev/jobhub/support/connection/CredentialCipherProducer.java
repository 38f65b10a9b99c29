package dev.jobhub.support.connection;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the {@link CredentialCipher} from configuration, only in the services that inject it (api-service seals,
 * worker-service opens): {@code jobhub.credentials.key} (env {@code JOBHUB_CREDENTIALS_KEY}, base64 of 32 bytes),
 * its id {@code jobhub.credentials.key-id} and, while rotating, {@code jobhub.credentials.previous-keys}
 * ({@code id=base64,id=base64}).
 */
public class CredentialCipherProducer {

    @Produces
    @Singleton
    CredentialCipher cipher(@ConfigProperty(name = "jobhub.credentials.key") Optional<String> key,
            @ConfigProperty(name = "jobhub.credentials.key-id", defaultValue = "k1") String keyId,
            @ConfigProperty(name = "jobhub.credentials.previous-keys") Optional<String> previousKeys) {
        String active = key.filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "jobhub.credentials.key (JOBHUB_CREDENTIALS_KEY) is not set: it must hold a base64 AES-256 key, "
                        + "e.g. from `openssl rand -base64 32`"));
        Map<String, byte[]> keys = new LinkedHashMap<>();
        previousKeys.filter(p -> !p.isBlank()).ifPresent(list -> {
            for (String entry : list.split(",")) {
                String[] idAndKey = entry.trim().split("=", 2);
                if (idAndKey.length != 2) {
                    throw new IllegalStateException("jobhub.credentials.previous-keys must read id=base64,id=base64");
                }
                keys.put(idAndKey[0].trim(), decode(idAndKey[1].trim(), "previous key " + idAndKey[0].trim()));
            }
        });
        keys.put(keyId, decode(active, "jobhub.credentials.key"));
        return new CredentialCipher(keyId, keys);
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not valid base64");
        }
    }
}
