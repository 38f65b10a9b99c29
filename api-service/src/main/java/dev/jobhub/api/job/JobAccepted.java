package dev.jobhub.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobhub.model.JobState;
import java.time.Instant;
import java.util.UUID;

/**
 * The 202 answer to a submission. A waiting job (queued or delayed) also carries its queue position and ETA (see
 * {@link QueueEstimator}); in a batch answer only the id and state are given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobAccepted(UUID jobId, JobState state, Instant runAt, Long position, Instant estimatedStartAt,
        Instant estimatedFinishAt) {

    public static JobAccepted of(JobRecord job) {
        return new JobAccepted(job.id(), job.state(), job.runAt(), null, null, null);
    }

    public static JobAccepted of(JobRecord job, QueueEstimator.Estimate estimate) {
        return estimate == null ? of(job)
                : new JobAccepted(job.id(), job.state(), job.runAt(), estimate.position(), estimate.estimatedStartAt(),
                        estimate.estimatedFinishAt());
    }
}
