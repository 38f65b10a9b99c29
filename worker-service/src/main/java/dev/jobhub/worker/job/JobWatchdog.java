package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the attempts' timeouts: at {@code timeoutMs} (the command's, else {@code jobhub.worker.job-timeout}) it
 * cancels the attempt's token with reason timeout; a handler that has not stopped {@code interrupt-grace} later is
 * interrupted. Also interrupts dropped attempts after the same grace.
 */
@ApplicationScoped
public class JobWatchdog {

    public static final String TIMEOUT = "timeout";

    private final Duration defaultTimeout;
    private final Duration grace;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("job-watchdog", false));

    @Inject
    public JobWatchdog(WorkerConfig config) {
        this(config.jobTimeout(), config.interruptGrace());
    }

    JobWatchdog(Duration defaultTimeout, Duration grace) {
        this.defaultTimeout = defaultTimeout;
        this.grace = grace;
    }

    /** The time {@code command} may run. */
    public Duration timeoutOf(JobCommand command) {
        Long millis = command.timeoutMs();
        return millis != null && millis > 0 ? Duration.ofMillis(millis) : defaultTimeout;
    }

    /** The error of an attempt stopped by its timeout. */
    public JobError timeoutError(JobCommand command) {
        return JobError.of(TIMEOUT, "job exceeded its timeout of " + timeoutOf(command).toMillis() + " ms");
    }

    /**
     * Starts the attempt's clock; call when its handler starts.
     *
     * @return stops watching (call when the handler has ended)
     */
    public Runnable watch(JobAttempt attempt) {
        Duration timeout = timeoutOf(attempt.command());
        ScheduledFuture<?> expiry = timer.schedule(() -> expire(attempt, timeout), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> expiry.cancel(false);
    }

    private void expire(JobAttempt attempt, Duration timeout) {
        if (attempt.timeOut("timeout: the job exceeded its timeout of " + timeout.toMillis() + " ms")) {
            Log.infof("job %s attempt %d exceeded its timeout of %d ms: cancelled", attempt.jobId(),
                    attempt.command().attempt(), timeout.toMillis());
            interruptLater(attempt);
        }
    }

    /** Interrupts the attempt's handler after the grace period, if it still runs then. */
    public void interruptLater(JobAttempt attempt) {
        timer.schedule(() -> {
            if (attempt.interrupt()) {
                Log.warnf("job %s attempt %d did not stop within %s of its cancellation: interrupted",
                        attempt.jobId(), attempt.command().attempt(), grace);
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
