package dev.jobhub.api.dispatch;

import dev.jobhub.api.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one loop that moves waiting jobs on, on a thread of its own (its database calls block): the dispatcher every
 * {@code jobhub.dispatch.interval}, the stall sweep and the cancellation escalation every
 * {@code jobhub.lifecycle.stall-check-interval}. Every replica runs it; {@code FOR UPDATE SKIP LOCKED} shares the
 * rows out. A round that fails (database away) is logged and tried again at the next tick.
 */
@ApplicationScoped
public class LifecycleLoop {

    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

    private final Dispatcher dispatcher;
    private final StallSweeper stalls;
    private final CancelEscalation escalation;
    private final OutboxRelay relay;
    private final Duration dispatchInterval;
    private final Duration stallCheckInterval;
    private ScheduledExecutorService executor;
    private volatile long lastTickNanos = System.nanoTime();

    public LifecycleLoop(Dispatcher dispatcher, StallSweeper stalls, CancelEscalation escalation, OutboxRelay relay,
            @ConfigProperty(name = "jobhub.dispatch.interval") Duration dispatchInterval,
            @ConfigProperty(name = "jobhub.lifecycle.stall-check-interval") Duration stallCheckInterval) {
        this.dispatcher = dispatcher;
        this.stalls = stalls;
        this.escalation = escalation;
        this.relay = relay;
        this.dispatchInterval = dispatchInterval;
        this.stallCheckInterval = stallCheckInterval;
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::dispatchRound, dispatchInterval.toMillis(), dispatchInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::sweepRound, stallCheckInterval.toMillis(),
                stallCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Runs a dispatch round now (e.g. a queue was resumed) rather than at the next tick. */
    public void wakeUp() {
        if (executor != null && !executor.isShutdown()) {
            executor.execute(this::dispatchRound);
        }
    }

    private void dispatchRound() {
        // a full batch means more may be due: go on until a batch is not full
        while (run("dispatch", dispatcher::dispatchDue) >= dispatcher.batchSize()) {
            Log.debug("dispatcher: full batch, another round");
        }
    }

    private void sweepRound() {
        run("stall sweep", stalls::sweep);
        run("cancel escalation", escalation::sweep);
    }

    private int run(String what, Supplier<Uni<Integer>> round) {
        lastTickNanos = System.nanoTime();
        try {
            int handled = round.get().await().atMost(ROUND_TIMEOUT);
            if (handled > 0) {
                relay.wakeUp();
            }
            return handled;
        } catch (RuntimeException e) {
            // never let an exception escape: it would cancel the periodic task for good
            Log.warnf("%s failed, trying again at the next tick: %s", what, e.getMessage());
            return 0;
        } finally {
            lastTickNanos = System.nanoTime();
        }
    }

    /**
     * True while the loop ticks: its thread runs and a round started or ended recently. A failing round (database
     * away) still ticks; only a dead or stuck thread stops it, which a restart mends.
     */
    public boolean isTicking() {
        long quiet = System.nanoTime() - lastTickNanos;
        Duration longestInterval = dispatchInterval.compareTo(stallCheckInterval) > 0 ? dispatchInterval : stallCheckInterval;
        return executor != null && !executor.isShutdown()
                && quiet < ROUND_TIMEOUT.plus(longestInterval.multipliedBy(3)).toNanos();
    }
}
