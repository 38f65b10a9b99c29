package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A lifecycle event of one job on {@link Topics#EVENTS}, keyed by job id.
 *
 * <p>Consumers order events of a job by {@code (attempt, sequence)}: an event of an older attempt, or with a
 * sequence not newer than the last one applied, is stale and must be ignored. {@code id} is unique per event
 * and is the de-duplication key for side effects (notifications, e-mails, webhooks).
 *
 * @param webhookUrl the per-job webhook the job was submitted with: only on {@code job.queued} (every attempt's, so
 *                   a consumer that missed the first still learns it), null otherwise and for a job without one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        UUID id,
        JobEventType type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        int attempt,
        String jobType,
        JobState state,
        Progress progress,
        JsonNode result,
        JobError error,
        String workerId,
        String webhookUrl) implements JobMessage {

    public static final int VERSION = 1;

    /** The wire name of {@link #type()}, as the CloudEvents {@code type} attribute. */
    @Override
    @JsonIgnore
    public String typeName() {
        return type.wireName();
    }

    public static JobEvent queued(UUID jobId, String userId, String jobType, long sequence, int attempt) {
        return queued(jobId, userId, jobType, sequence, attempt, null);
    }

    /** @param webhookUrl the job's per-job webhook, or null for a job submitted without one */
    public static JobEvent queued(UUID jobId, String userId, String jobType, long sequence, int attempt,
            String webhookUrl) {
        return new JobEvent(UUID.randomUUID(), JobEventType.QUEUED, VERSION, Instant.now(), jobId, userId, sequence,
                attempt, jobType, JobEventType.QUEUED.resultingState(), null, null, null, null, webhookUrl);
    }

    public static JobEvent started(JobCommand command, long sequence, String workerId) {
        return of(JobEventType.STARTED, command, sequence, null, null, null, workerId);
    }

    public static JobEvent progress(JobCommand command, long sequence, Progress progress, String workerId) {
        return of(JobEventType.PROGRESS, command, sequence, progress, null, null, workerId);
    }

    public static JobEvent completed(JobCommand command, long sequence, JsonNode result, String workerId) {
        return of(JobEventType.COMPLETED, command, sequence, null, result, null, workerId);
    }

    public static JobEvent failed(JobCommand command, long sequence, JobError error, String workerId) {
        return of(JobEventType.FAILED, command, sequence, null, null, error, workerId);
    }

    /**
     * The event for a failed attempt: {@code job.retrying} if the error is retryable and the command's attempt is not
     * its last, else the final {@code job.failed}.
     */
    public static JobEvent attemptFailed(JobCommand command, long sequence, JobError error, String workerId) {
        boolean willRetry = error.isRetryable() && command.attempt() < command.maxAttempts();
        return of(willRetry ? JobEventType.RETRYING : JobEventType.FAILED, command, sequence, null, null, error,
                workerId);
    }

    /** {@code job.cancelled} written by api-service for a job no worker is running (queued, delayed, retrying). */
    public static JobEvent cancelledWaiting(UUID jobId, String userId, String jobType, long sequence, int attempt) {
        return of(JobEventType.CANCELLED, jobId, userId, jobType, sequence, attempt, null, null, null, null);
    }

    /** A final {@code job.failed} decided by api-service (stalled too often, cancellation not acknowledged, …). */
    public static JobEvent failedByPlatform(UUID jobId, String userId, String jobType, long sequence, int attempt,
            JobError error) {
        return of(JobEventType.FAILED, jobId, userId, jobType, sequence, attempt, null, null, error, null);
    }

    public static JobEvent cancelled(JobCommand command, long sequence, String workerId) {
        return of(JobEventType.CANCELLED, command, sequence, null, null, null, workerId);
    }

    private static JobEvent of(JobEventType type, JobCommand command, long sequence, Progress progress,
            JsonNode result, JobError error, String workerId) {
        return of(type, command.jobId(), command.userId(), command.jobType(), sequence, command.attempt(), progress,
                result, error, workerId);
    }

    private static JobEvent of(JobEventType type, UUID jobId, String userId, String jobType, long sequence,
            int attempt, Progress progress, JsonNode result, JobError error, String workerId) {
        return new JobEvent(UUID.randomUUID(), type, VERSION, Instant.now(), jobId, userId, sequence, attempt,
                jobType, type.resultingState(), progress, result, error, workerId, null);
    }
}
