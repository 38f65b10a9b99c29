package dev.jobhub.api.lifecycle;

import dev.jobhub.api.job.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The lifecycle defaults from configuration (see application.properties, "Job lifecycle"). */
@ApplicationScoped
public class LifecycleSettings {

    private final Duration defaultTimeout;
    private final Backoff defaultBackoff;

    public LifecycleSettings(
            @ConfigProperty(name = "jobhub.lifecycle.default-timeout") Duration defaultTimeout,
            @ConfigProperty(name = "jobhub.lifecycle.backoff.type") String backoffType,
            @ConfigProperty(name = "jobhub.lifecycle.backoff.delay") Duration backoffDelay,
            @ConfigProperty(name = "jobhub.lifecycle.backoff.max-delay") Duration backoffMaxDelay) {
        this.defaultTimeout = defaultTimeout;
        this.defaultBackoff = new Backoff(Backoff.Type.fromWire(backoffType), backoffDelay.toMillis(),
                backoffMaxDelay.toMillis());
    }

    /** The timeout every command carries: the job's own, else {@code JOB_TIMEOUT_MINUTES}. */
    public long timeoutMs(Long jobTimeoutMs) {
        return jobTimeoutMs != null ? jobTimeoutMs : defaultTimeout.toMillis();
    }

    /** The job's retry policy over the configured default. */
    public Backoff backoff(JobRow job) {
        return Backoff.of(job.backoff(), defaultBackoff);
    }

    public Backoff defaultBackoff() {
        return defaultBackoff;
    }
}
