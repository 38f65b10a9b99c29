package dev.jobhub.stack.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's key for connection passwords at rest (api-service seals, worker-service opens): taken from
 * {@code JOBHUB_CREDENTIALS_KEY} if set, else generated once into the stack's state directory (mode 600) and kept,
 * so passwords sealed by one run still open in the next.
 */
public final class CredentialsKey {

    private CredentialsKey() {
    }

    public static String load(Path file) {
        String fromEnvironment = System.getenv("JOBHUB_CREDENTIALS_KEY");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, encoded + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the credentials key " + file + ": " + e.getMessage());
        }
    }
}
