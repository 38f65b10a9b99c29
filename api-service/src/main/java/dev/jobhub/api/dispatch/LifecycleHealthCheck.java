package dev.jobhub.api.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The lifecycle loop must tick: without it delayed jobs, retries and stalled jobs would wait for ever. */
@Liveness
@ApplicationScoped
public class LifecycleHealthCheck implements HealthCheck {

    private final LifecycleLoop loop;

    public LifecycleHealthCheck(LifecycleLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-lifecycle-loop").status(loop.isTicking()).build();
    }
}
