package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job that exhausted its attempts (or failed permanently), on {@link Topics#DEAD_LETTER} (key: job id), with
 * everything a downstream consumer needs to inspect or replay it.
 *
 * @param errors the error of every attempt, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        String jobType,
        Priority priority,
        JsonNode payload,
        int attempts,
        int maxAttempts,
        List<AttemptError> errors) implements JobMessage {

    public static final String TYPE = "job.dead-lettered";
    public static final int VERSION = 1;

    /** The error of one attempt. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AttemptError(int attempt, String code, String message, Instant at) {
    }

    public static DeadLetter of(UUID jobId, String userId, long sequence, String jobType, Priority priority,
            JsonNode payload, int attempts, int maxAttempts, List<AttemptError> errors) {
        return new DeadLetter(UUID.randomUUID(), TYPE, VERSION, Instant.now(), jobId, userId, sequence, jobType,
                priority, payload, attempts, maxAttempts, List.copyOf(errors));
    }
}
