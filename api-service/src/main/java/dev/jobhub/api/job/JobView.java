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
 * @param attempts attempts made so far (0 until a worker has started the job)
 */
public record JobView(UUID id, String userId, String type, JobState state, Priority priority, Progress progress,
        JsonNode payload, JsonNode result, JobError error, int attempts, int maxAttempts, Instant createdAt,
        Instant updatedAt, Instant startedAt, Instant finishedAt) {

    public static JobView of(Job job) {
        int attempts = job.startedAt == null ? job.attempt - 1 : job.attempt;
        return new JobView(job.id, job.userId, job.type, job.state, job.priority, job.progress, job.payload,
                job.result, job.error, attempts, job.maxAttempts, job.createdAt, job.updatedAt, job.startedAt,
                job.finishedAt);
    }
}
