package dev.jobhub.worker.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The worker's own readiness, next to the messaging checks of the command channel and the event producer (which
 * SmallRye reports under {@code smallrye-reactive-messaging}): down once the worker is stopping.
 */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

    private final WorkerPool pool;
    private final WorkerIdentity identity;

    public WorkerReadiness(WorkerPool pool, WorkerIdentity identity) {
        this.pool = pool;
        this.identity = identity;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("worker")
                .status(!pool.isStopping())
                .withData("workerId", identity.id())
                .withData("concurrency", pool.capacity())
                .withData("busy", pool.busy())
                .build();
    }
}
