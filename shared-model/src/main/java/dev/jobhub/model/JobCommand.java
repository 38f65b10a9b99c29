package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * "Run attempt {@code attempt} of this job": written by api-service to the command topic of the job's priority.
 *
 * @param sequence the job's last event sequence when the command was issued: the worker numbers the
 *                 events of this attempt from {@code sequence + 1}, so sequences grow across the api-service's
 *                 and the worker's events of one job
 * @param timeoutMs how long the attempt may run, or null for the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobCommand(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        int attempt,
        int maxAttempts,
        String jobType,
        Priority priority,
        JsonNode payload,
        Long timeoutMs) implements JobMessage {

    public static final String TYPE = "job.run";
    public static final int VERSION = 1;

    public static JobCommand run(UUID jobId, String userId, String jobType, Priority priority, JsonNode payload,
            long sequence, int attempt, int maxAttempts, Long timeoutMs) {
        return new JobCommand(UUID.randomUUID(), TYPE, VERSION, Instant.now(), jobId, userId, sequence, attempt,
                maxAttempts, jobType, priority, payload, timeoutMs);
    }
}
