package dev.jobhub.worker.control;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.worker.job.JobAttempt;
import dev.jobhub.worker.job.JobWatchdog;
import dev.jobhub.worker.job.WorkerConfig;
import dev.jobhub.worker.job.WorkerPool;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What this worker does with {@code jobs.control}: a cancel cancels the token of the attempt running here (its
 * handler stops at the next step and the worker reports {@code job.cancelled}); a drop cancels it, interrupts it
 * after the grace period and publishes nothing more for it. Every control is also remembered ({@link ControlMemory}),
 * so that a command of that attempt taken later is not started, and so that an attempt registered while the control
 * was being handled still gets it ({@link #applyRemembered}).
 */
@ApplicationScoped
public class JobControls {

    private final ControlMemory memory;
    private final WorkerPool pool;
    private final JobWatchdog watchdog;

    public JobControls(WorkerConfig config, WorkerPool pool, JobWatchdog watchdog) {
        this.memory = new ControlMemory(config.controlMemory().size(), config.controlMemory().ttl());
        this.pool = pool;
        this.watchdog = watchdog;
    }

    public void handle(JobControl control) {
        // remembered first: an attempt that registers after this sees it in applyRemembered
        memory.remember(control);
        List<JobAttempt> attempts = pool.running(control.jobId(), control.attempt());
        attempts.forEach(attempt -> apply(attempt, control.action(), control.reason()));
        Log.infof("%s of job %s attempt %d: %s", control.action().wireName(), control.jobId(), control.attempt(),
                attempts.isEmpty() ? "not running here, remembered" : "applied to the running attempt");
    }

    /** What was decided about the attempt of this command, if anything: then it must not start. */
    public Optional<ControlMemory.Remembered> remembered(JobCommand command) {
        return remembered(command.jobId(), command.attempt());
    }

    public Optional<ControlMemory.Remembered> remembered(UUID jobId, int attempt) {
        return memory.find(jobId, attempt);
    }

    /** Applies a control remembered for this attempt, if any; call once the attempt is registered as running. */
    public void applyRemembered(JobAttempt attempt) {
        memory.find(attempt.jobId(), attempt.command().attempt())
                .ifPresent(remembered -> apply(attempt, remembered.action(), remembered.reason()));
    }

    private void apply(JobAttempt attempt, JobControl.Action action, String reason) {
        switch (action) {
            case CANCEL -> attempt.token().cancel(reason == null || reason.isBlank() ? "cancelled" : reason);
            case DROP -> {
                attempt.drop(reason);
                watchdog.interruptLater(attempt);
            }
        }
    }
}
