package dev.jobhub.api.failure;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * What a failure-group action does to one job; the lifecycle service implements it. The group endpoints have
 * already checked that the caller may act on the job. A job that can no longer take the action (its state moved
 * on meanwhile) answers with a 404 or 409 {@link dev.jobhub.support.problem.ProblemException}, which the group
 * action counts as skipped; any other failure ends the group action.
 */
public interface FailureGroupActions {

    /** Manual retry of a failed job: queued again as a new attempt. */
    Uni<Void> retry(UUID jobId);

    /** Cancels a job waiting for its next attempt (retrying). */
    Uni<Void> cancel(UUID jobId, String reason);
}
