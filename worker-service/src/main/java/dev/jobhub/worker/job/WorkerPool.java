package dev.jobhub.worker.job;

import dev.jobhub.model.Priority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where jobs run: a fixed pool of {@code jobhub.worker.concurrency} threads, entered through {@link WorkerSlots}
 * (by priority, with aging) so that it never queues more jobs than it has threads, and the attempts running now
 * (for cancellation, heartbeats and shutdown).
 *
 * <p>On shutdown it takes no more jobs, lets the running ones finish for the grace period, then cancels them
 * (their handlers see the token; a handler that ignores it is interrupted shortly after), and waits for the
 * outcomes still on their way to the broker.
 */
@ApplicationScoped
public class WorkerPool {

    /** After the grace period: how long cancelled jobs get to stop and report before they are interrupted. */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final WorkerSlots slots;
    private final ExecutorService executor;
    private final Set<JobAttempt> running = ConcurrentHashMap.newKeySet();
    // outcomes of ended jobs on their way to the broker: a graceful stop waits for them too
    private final Set<CompletableFuture<?>> outcomes = ConcurrentHashMap.newKeySet();
    private final Duration grace;
    private volatile boolean stopping;

    @Inject
    public WorkerPool(WorkerConfig config, MeterRegistry registry) {
        this(config.concurrency(), config.shutdownGrace(), config.priorityAging(), registry);
    }

    WorkerPool(int concurrency, Duration grace, Duration priorityAging, MeterRegistry registry) {
        this.slots = new WorkerSlots(concurrency, priorityAging);
        this.grace = grace;
        // daemon threads: a handler that ignores cancellation and interruption must not keep the JVM alive
        this.executor = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("job-runner", true));
        Gauge.builder("jobhub.worker.slots.busy", slots, WorkerSlots::busy)
                .description("jobs running on this worker").register(registry);
        Gauge.builder("jobhub.worker.slots.capacity", slots, WorkerSlots::capacity)
                .description("jobs this worker runs at once").register(registry);
        Gauge.builder("jobhub.worker.slots.waiting", slots, WorkerSlots::waiting)
                .description("commands taken from Kafka that wait for a slot").register(registry);
    }

    /** A free slot for a command of this priority, when there is one and no command of higher rank waits. */
    public Uni<WorkerSlots.Slot> acquireSlot(Priority priority) {
        return Uni.createFrom().completionStage(() -> slots.acquire(priority));
    }

    /** As {@link #acquireSlot}; cancelling the future withdraws the request. */
    public CompletableFuture<WorkerSlots.Slot> requestSlot(Priority priority) {
        return slots.acquire(priority);
    }

    /**
     * Runs {@code job} (the attempt's handler) on the pool in {@code slot}, which is released when the job ends.
     * The attempt counts as running (control messages and heartbeats see it) from the moment this is called.
     *
     * @throws WorkerStoppingException if the pool no longer runs jobs (the slot is released)
     */
    public void start(WorkerSlots.Slot slot, JobAttempt attempt, Runnable job) {
        running.add(attempt);
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    running.remove(attempt);
                    slot.release();
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(attempt);
            slot.release();
            throw new WorkerStoppingException();
        }
    }

    /**
     * An ended job's outcome on its way to the broker: its slot is free for the next job already, but a graceful
     * stop waits for it (so a stop does not lose a completion that api-service would then run again).
     */
    public void sending(CompletableFuture<?> outcome) {
        outcomes.add(outcome);
        outcome.whenComplete((sent, failure) -> outcomes.remove(outcome));
    }

    /** The attempts running here now. */
    public List<JobAttempt> running() {
        return List.copyOf(running);
    }

    /** The running attempts a control message about {@code (jobId, attempt)} concerns (attempt 0: any). */
    public List<JobAttempt> running(UUID jobId, int attempt) {
        return running.stream().filter(job -> job.isAddressedBy(jobId, attempt)).toList();
    }

    public boolean isStopping() {
        return stopping;
    }

    public int busy() {
        return slots.busy();
    }

    public int capacity() {
        return slots.capacity();
    }

    /** Commands waiting for a slot. */
    public int waiting() {
        return slots.waiting();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Takes no more jobs and waits for the running ones as described above. Idempotent. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        slots.close();
        executor.shutdown();
        if (!running.isEmpty()) {
            Log.infof("worker stopping: waiting up to %s for %d running job(s)", grace, running.size());
        }
        stopJobs();
        awaitOutcomes();
    }

    private void stopJobs() {
        if (awaitTermination(grace)) {
            return;
        }
        Log.warnf("cancelling %d job(s) still running after the shutdown grace period of %s", running.size(), grace);
        running.forEach(job -> job.token().cancel("the worker is shutting down"));
        if (awaitTermination(CANCEL_WAIT)) {
            return;
        }
        executor.shutdownNow();
        if (!awaitTermination(CANCEL_WAIT)) {
            Log.errorf("%d job(s) ignored cancellation and interruption; their attempts will be recovered as stalled",
                    running.size());
        }
    }

    private void awaitOutcomes() {
        List<CompletableFuture<?>> pending = List.copyOf(outcomes);
        if (pending.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // each failure is logged where it is sent; the attempt is recovered as stalled
        } catch (TimeoutException e) {
            Log.errorf("%d job outcome(s) not on the broker within %s; their attempts will be recovered as stalled",
                    outcomes.size(), CANCEL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitTermination(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
