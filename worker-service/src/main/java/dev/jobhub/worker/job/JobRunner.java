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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
    private final Consumer<CompletableFuture<Void>> outcomes;
    private final TypeLimits typeLimits;
    // events sent by jobs and not yet acknowledged: progress waits only when this many are on their way
    private final Semaphore inFlight;

    @Inject
    public JobRunner(JobEventPublisher publisher, MeterRegistry registry, WorkerPool pool, WorkerConfig config,
            JobWatchdog watchdog) {
        this(publisher, registry, pool::isStopping, config.progressTimeout(), watchdog, pool::sending,
                config.typeConcurrency(), config.eventsInFlight());
    }

    JobRunner(JobEventPublisher publisher, MeterRegistry registry, BooleanSupplier stopping,
            Duration progressTimeout, JobWatchdog watchdog, Consumer<CompletableFuture<Void>> outcomes,
            Map<String, Integer> typeConcurrency, int eventsInFlight) {
        this.publisher = publisher;
        this.registry = registry;
        this.stopping = stopping;
        this.progressTimeout = progressTimeout;
        this.watchdog = watchdog;
        this.outcomes = outcomes;
        this.typeLimits = new TypeLimits(typeConcurrency);
        this.inFlight = new Semaphore(eventsInFlight);
    }

    static JobError shutdownError() {
        return JobError.of(WORKER_SHUTDOWN, "the worker stopped before the job finished");
    }

    /**
     * @return the outcome event (sent; its acknowledgement is awaited by the pool's shutdown, not here), or null if
     *         the attempt was dropped
     */
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
        Runnable leave = () -> {
        };
        try {
            leave = typeLimits.enter(command.jobType(), attempt.token());
            result = job.handler().run(new AttemptContext(attempt, job));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failure = e;
        } finally {
            leave.run();
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

    /**
     * Sends the outcome until the broker has it, without holding the job's thread (and slot) for the acknowledgement:
     * the job's earlier events were sent before it into the same partition by the idempotent producer, so the order
     * holds. The pool's shutdown waits for it, so a graceful stop does not lose it.
     */
    private void publishOutcome(JobEvent outcome) {
        CompletableFuture<Void> sent = publisher.publishUntilAcked(outcome, stopping).subscribeAsCompletionStage();
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                Log.errorf("could not publish %s of job %s (%s); the attempt will be recovered as stalled",
                        outcome.typeName(), outcome.jobId(), failure.getMessage());
            }
        });
        outcomes.accept(sent);
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
            // sent without waiting for the broker (the job's partition keeps the order); waits only while too many
            // events are on their way, so a job reporting in a tight loop cannot outrun the producer
            try {
                if (!inFlight.tryAcquire(progressTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    Log.warnf("progress %d of job %s not published: the broker has not acknowledged the events "
                            + "before it for %s", event.sequence(), event.jobId(), progressTimeout);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobCancelledException("interrupted while reporting progress");
            }
            publisher.publish(event).subscribe().with(sent -> inFlight.release(), failure -> {
                inFlight.release();
                Log.warnf("progress %d of job %s not published: %s", event.sequence(), event.jobId(),
                        failure.getMessage());
            });
        }

        @Override
        public CancellationToken cancellation() {
            return attempt.token();
        }
    }
}
