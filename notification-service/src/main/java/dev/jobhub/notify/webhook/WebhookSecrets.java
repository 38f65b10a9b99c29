package dev.jobhub.notify.webhook;

import dev.jobhub.support.connection.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Signing secrets sealed at rest with the platform's credential cipher (AES-256-GCM, {@code JOBHUB_CREDENTIALS_KEY}),
 * each bound to the row it belongs to: a sealed secret copied onto another endpoint or user does not open.
 */
@ApplicationScoped
public class WebhookSecrets {

    /** A secret as made: the plain value, shown once to its owner, and the sealed value stored. */
    public record Made(String plain, String sealed) {
    }

    /** A row's sealed secrets: the current one and, during a rotation's grace, the previous one. */
    public record Stored(String secret, String previousSecret, Instant previousUntil) {
    }

    private final CredentialCipher cipher;

    public WebhookSecrets(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    public Made forEndpoint(UUID endpointId) {
        return make(endpointContext(endpointId));
    }

    public Made forUser(String userId) {
        return make(userContext(userId));
    }

    public String openForUser(String userId, String sealed) {
        return cipher.open(sealed, userContext(userId));
    }

    /** The plain secrets that sign now: the current one, and the previous one while its grace lasts. */
    public List<String> signingForEndpoint(UUID endpointId, Stored stored, Instant now) {
        return signing(endpointContext(endpointId), stored, now);
    }

    public List<String> signingForUser(String userId, Stored stored, Instant now) {
        return signing(userContext(userId), stored, now);
    }

    private List<String> signing(String context, Stored stored, Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.open(stored.secret(), context));
        if (stored.previousSecret() != null && stored.previousUntil() != null && stored.previousUntil().isAfter(now)) {
            secrets.add(cipher.open(stored.previousSecret(), context));
        }
        return secrets;
    }

    private Made make(String context) {
        String plain = WebhookSigner.newSecret();
        return new Made(plain, cipher.seal(plain, context));
    }

    private static String endpointContext(UUID endpointId) {
        return "webhook-endpoint:" + endpointId;
    }

    private static String userContext(String userId) {
        return "webhook-user:" + userId;
    }
}
