package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as the API shows it.
 *
 * @param attempts          attempts made so far (0 until a worker has started the job)
 * @param runAt             when a delayed or retrying job is due
 * @param nextAttemptAt     when a retrying job's next attempt is due (its runAt), else null
 * @param backoff           the job's retry policy; null means the platform default (exponential, 1 s, at most 1 h)
 * @param cancelRequested   a cancellation was asked for and the worker has not acknowledged it yet
 * @param attemptErrors     the error of each failed attempt, oldest first
 * @param webhookUrl        the per-job webhook the job was submitted with (the owner's own data), or null
 * @param position          for a waiting job (queued, delayed) on {@code GET /api/jobs/{id}}: jobs ahead of it
 */
public record JobView(UUID id, String userId, String type, JobState state, Priority priority, Progress progress,
        JsonNode payload, JsonNode result, JobError error, int attempts, int maxAttempts, Instant createdAt,
        Instant updatedAt, Instant startedAt, Instant finishedAt, Instant runAt, Instant nextAttemptAt,
        JsonNode backoff, Long timeoutMs, String singletonKey, boolean cancelRequested, Instant cancelRequestedAt,
        JsonNode attemptErrors, String workerId, UUID scheduleId, String webhookUrl, Long position, Instant estimatedStartAt,
        Instant estimatedFinishAt) {

    public static JobView of(JobRecord job) {
        return of(job, null);
    }

    public static JobView of(JobRecord job, QueueEstimator.Estimate estimate) {
        // a queued or delayed job's current attempt has not run yet; after any start, earlier attempts all did
        int attempts = job.startedAt() == null ? 0 : job.isWaiting() ? job.attempt() - 1 : job.attempt();
        boolean cancelRequested = job.cancelRequestedAt() != null && !job.state().isFinal();
        return new JobView(job.id(), job.userId(), job.type(), job.state(), job.priority(), job.progress(),
                job.payload(), job.result(), job.error(), attempts, job.maxAttempts(), job.createdAt(),
                job.updatedAt(), job.startedAt(), job.finishedAt(), job.runAt(),
                job.state() == JobState.RETRYING ? job.runAt() : null, job.backoff(), job.timeoutMs(),
                job.singletonKey(), cancelRequested, job.cancelRequestedAt(), job.attemptErrors(), job.workerId(),
                job.scheduleId(), job.webhookUrl(),
                estimate == null ? null : estimate.position(),
                estimate == null ? null : estimate.estimatedStartAt(),
                estimate == null ? null : estimate.estimatedFinishAt());
    }
}
