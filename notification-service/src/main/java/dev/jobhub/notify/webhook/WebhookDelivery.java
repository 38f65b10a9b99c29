package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message to one endpoint as the delivery log shows it, with every attempt made.
 *
 * @param messageId the {@code webhook-id} header, the same on every attempt
 * @param nextAttemptAt when the next attempt is due, while the delivery is pending
 * @param lastStatus the HTTP status of the latest attempt that got an answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookDelivery(UUID id, String messageId, String eventType, UUID eventId, UUID jobId, String status,
        int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
        Instant updatedAt, List<Attempt> attemptLog) {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final List<String> STATUSES = List.of(PENDING, SUCCEEDED, FAILED);

    /**
     * One attempt.
     *
     * @param statusCode the receiver's HTTP status, absent if it never answered (refused, timed out, unreachable)
     * @param responseExcerpt at most 1 KiB of the body it answered with
     * @param nextAttemptAt when the next attempt was scheduled after this one, if one was
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, Integer statusCode, long durationMs, String responseExcerpt, String error,
            Instant startedAt, Instant nextAttemptAt) {
    }

    WebhookDelivery withAttempts(List<Attempt> log) {
        return new WebhookDelivery(id, messageId, eventType, eventId, jobId, status, attempts, nextAttemptAt,
                lastStatus, lastError, createdAt, updatedAt, log);
    }
}
