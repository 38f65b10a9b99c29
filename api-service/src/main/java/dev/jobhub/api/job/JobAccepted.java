package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import java.util.UUID;

/** The 202 answer to a submission. */
public record JobAccepted(UUID jobId, JobState state) {
}
