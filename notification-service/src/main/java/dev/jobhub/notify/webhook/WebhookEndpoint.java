package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as its owner sees it. The secret is there only in the answer that made it (creation, rotation): it is
 * stored sealed and never shown again.
 *
 * @param jobTypes the job types it receives, or null for all
 * @param rateLimit its own deliveries per second, or null for the configured default
 * @param disabledReason why the platform switched it off (410 Gone, failing since too long), if it did
 * @param failingSince the first failure since its last success, if it is failing now
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpoint(UUID id, String userId, String url, List<String> eventTypes, List<String> jobTypes,
        String description, boolean active, String disabledReason, Integer rateLimit, Instant failingSince,
        Instant previousSecretValidUntil, Instant createdAt, Instant updatedAt, String secret) {

    WebhookEndpoint withSecret(String plain) {
        return new WebhookEndpoint(id, userId, url, eventTypes, jobTypes, description, active, disabledReason,
                rateLimit, failingSince, previousSecretValidUntil, createdAt, updatedAt, plain);
    }
}
