package dev.jobhub.api.failure;

import dev.jobhub.api.lifecycle.JobLifecycle;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Group retry and cancel through the same lifecycle service as the single-job endpoints. The group resource has
 * checked ownership before it calls these, so they act with an admin's reach and name the group as the actor.
 */
@ApplicationScoped
public class LifecycleFailureGroupActions implements FailureGroupActions {

    private final JobLifecycle lifecycle;

    public LifecycleFailureGroupActions(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Uni<Void> retry(UUID jobId) {
        return lifecycle.retry(jobId, "failure group", true).replaceWithVoid();
    }

    @Override
    public Uni<Void> cancel(UUID jobId, String reason) {
        return lifecycle.cancel(jobId, reason, true).replaceWithVoid();
    }
}
