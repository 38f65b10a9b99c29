package dev.jobhub.worker.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.Progress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one admitted attempt on the calling (pool) thread and publishes its outcome: the handler's result as
 * {@code job.completed}; its exception as a failed attempt ({@code handler_error}, the exception's message and never
 * its stack trace); an attempt over its timeout as a failed attempt ({@code timeout}); a cancellation as
 * {@code job.cancelled}; a job cut short by the worker's shutdown as a failed attempt ({@code worker_shutdown}) so
 * that api-service retries it; a dropped attempt as nothing at all. A failed attempt is {@code job.retrying} unless
 * it was the last one ({@link JobAttempt#failed}).
 */
@ApplicationScoped
public class JobRunner {

    public static final String HANDLER_ERROR = "handler_error";
    public static final String WORKER_SHUTDOWN = "worker_shutdown";

    private final JobEventPublisher publisher;
    private final MeterRegistry registry;
    private final BooleanSupplier stopping;
    private final Duration progressTimeout;
    private final JobWatchdog watchdog;

    @Inject
    public JobRunner(JobEventPublisher publisher, MeterRegistry registry, WorkerPool pool, WorkerConfig config,
            JobWatchdog watchdog) {
        this(publisher, registry, pool::isStopping, config.progressTimeout(), watchdog);
    }

    JobRunner(JobEventPublisher publisher, MeterRegistry registry, BooleanSupplier stopping,
            Duration progressTimeout, JobWatchdog watchdog) {
        this.publisher = publisher;
        this.registry = registry;
        this.stopping = stopping;
        this.progressTimeout = progressTimeout;
        this.watchdog = watchdog;
    }

    static JobError shutdownError() {
        return JobError.of(WORKER_SHUTDOWN, "the worker stopped before the job finished");
    }

    /** @return the outcome event (published, unless the broker could not take it), or null if the attempt was dropped */
    public JobEvent run(JobAttempt attempt, Admission.Admitted job) {
        long began = System.nanoTime();
        JobEvent outcome = execute(attempt, job);
        Timer.builder("jobhub.worker.jobs")
                .description("attempts run by this worker, by job type and outcome")
                .tag("type", job.command().jobType())
                .tag("outcome", outcome == null ? "dropped" : outcome.type().wireName())
                .register(registry)
                .record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
        if (outcome != null) {
            publishOutcome(outcome);
        }
        return outcome;
    }

    private JobEvent execute(JobAttempt attempt, Admission.Admitted job) {
        JobCommand command = job.command();
        JsonNode result = null;
        Throwable failure = null;
        attempt.handlerStarted();
        Runnable unwatch = watchdog.watch(attempt);
        try {
            result = job.handler().run(new AttemptContext(attempt, job));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failure = e;
        } finally {
            unwatch.run();
            // also clears an interrupt, so that publishing the outcome is not interrupted as well
            attempt.handlerEnded();
        }
        attempt.finish();
        if (attempt.isDropped()) {
            Log.infof("job %s (%s) attempt %d dropped: nothing more is published for it", command.jobId(),
                    command.jobType(), command.attempt());
            return null;
        }
        if (attempt.isTimedOut()) {
            return attempt.failed(watchdog.timeoutError(command));
        }
        if (failure == null) {
            return attempt.completed(result);
        }
        if (failure instanceof JobCancelledException || failure instanceof InterruptedException) {
            if (stopping.getAsBoolean()) {
                return attempt.failed(shutdownError());
            }
            if (failure instanceof JobCancelledException || attempt.token().isCancelled()) {
                Log.infof("job %s (%s) attempt %d cancelled: %s", command.jobId(), command.jobType(),
                        command.attempt(), attempt.token().reason());
                return attempt.cancelled();
            }
            return attempt.failed(JobError.of(HANDLER_ERROR, "the job was interrupted"));
        }
        if (failure instanceof JobFailedException known) {
            Log.warnf("job %s (%s) attempt %d failed: %s (%s)", command.jobId(), command.jobType(),
                    command.attempt(), known.error().code(), known.getMessage());
            return attempt.failed(known.error());
        }
        // the stack trace stays in the worker's log; the event carries only the message
        Log.warnf(failure, "job %s (%s) attempt %d failed", command.jobId(), command.jobType(), command.attempt());
        return attempt.failed(JobError.of(HANDLER_ERROR, messageOf(failure)));
    }

    private void publishOutcome(JobEvent outcome) {
        try {
            publisher.publishUntilAcked(outcome, stopping).await().indefinitely();
        } catch (RuntimeException e) {
            Log.errorf("could not publish %s of job %s (%s); the attempt will be recovered as stalled",
                    outcome.typeName(), outcome.jobId(), e.getMessage());
        }
    }

    static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The handler's view of its attempt. */
    private final class AttemptContext implements JobContext {

        private final JobAttempt attempt;
        private final Admission.Admitted job;

        AttemptContext(JobAttempt attempt, Admission.Admitted job) {
            this.attempt = attempt;
            this.job = job;
        }

        @Override
        public JobCommand command() {
            return job.command();
        }

        @Override
        public <P> P payload(Class<P> type) {
            if (!type.isInstance(job.payload())) {
                throw new IllegalStateException("the payload of job type '" + job.command().jobType() + "' is a "
                        + job.payload().getClass().getSimpleName() + ", not a " + type.getSimpleName());
            }
            return type.cast(job.payload());
        }

        @Override
        public void progress(Progress progress) {
            if (attempt.isDropped()) {
                // nothing more is published for a dropped attempt; stopping here ends it sooner
                throw new JobCancelledException(attempt.token().reason());
            }
            JobEvent event = attempt.progress(progress);
            try {
                publisher.publish(event).await().atMost(progressTimeout);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new JobCancelledException("interrupted while reporting progress");
                }
                Log.warnf("progress %d of job %s not published: %s", event.sequence(), event.jobId(),
                        e.getMessage());
            }
        }

        @Override
        public CancellationToken cancellation() {
            return attempt.token();
        }
    }
}
