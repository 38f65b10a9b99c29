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
 * {@code job.completed}, its exception as {@code job.failed} ({@code handler_error}, the exception's message and
 * never its stack trace), a cancellation as {@code job.cancelled}, and a job cut short by the worker's shutdown
 * as {@code job.failed} ({@code worker_shutdown}) so that api-service retries it.
 */
@ApplicationScoped
public class JobRunner {

    public static final String HANDLER_ERROR = "handler_error";
    public static final String WORKER_SHUTDOWN = "worker_shutdown";

    private final JobEventPublisher publisher;
    private final MeterRegistry registry;
    private final BooleanSupplier stopping;
    private final Duration progressTimeout;

    @Inject
    public JobRunner(JobEventPublisher publisher, MeterRegistry registry, WorkerPool pool, WorkerConfig config) {
        this(publisher, registry, pool::isStopping, config.progressTimeout());
    }

    JobRunner(JobEventPublisher publisher, MeterRegistry registry, BooleanSupplier stopping,
            Duration progressTimeout) {
        this.publisher = publisher;
        this.registry = registry;
        this.stopping = stopping;
        this.progressTimeout = progressTimeout;
    }

    static JobError shutdownError() {
        return JobError.of(WORKER_SHUTDOWN, "the worker stopped before the job finished");
    }

    /** @return the outcome event (published, unless the broker could not take it) */
    public JobEvent run(JobAttempt attempt, Admission.Admitted job, CancellationToken token) {
        long began = System.nanoTime();
        JobEvent outcome = execute(attempt, job, token);
        Timer.builder("jobhub.worker.jobs")
                .description("attempts run by this worker, by job type and outcome")
                .tag("type", job.command().jobType())
                .tag("outcome", outcome.type().wireName())
                .register(registry)
                .record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
        publishOutcome(outcome);
        return outcome;
    }

    private JobEvent execute(JobAttempt attempt, Admission.Admitted job, CancellationToken token) {
        JobCommand command = job.command();
        try {
            JsonNode result = job.handler().run(new AttemptContext(attempt, job, token));
            return attempt.completed(result);
        } catch (JobCancelledException | InterruptedException e) {
            // cleared so that publishing the outcome is not interrupted as well
            Thread.interrupted();
            if (stopping.getAsBoolean()) {
                return attempt.failed(shutdownError());
            }
            if (e instanceof JobCancelledException || token.isCancelled()) {
                Log.infof("job %s (%s) attempt %d cancelled: %s", command.jobId(), command.jobType(),
                        command.attempt(), e.getMessage());
                return attempt.cancelled();
            }
            return attempt.failed(JobError.of(HANDLER_ERROR, "the job was interrupted"));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // the stack trace stays in the worker's log; the event carries only the message
            Log.warnf(e, "job %s (%s) attempt %d failed", command.jobId(), command.jobType(), command.attempt());
            return attempt.failed(JobError.of(HANDLER_ERROR, messageOf(e)));
        }
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
        private final CancellationToken token;

        AttemptContext(JobAttempt attempt, Admission.Admitted job, CancellationToken token) {
            this.attempt = attempt;
            this.job = job;
            this.token = token;
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
            return token;
        }
    }
}
