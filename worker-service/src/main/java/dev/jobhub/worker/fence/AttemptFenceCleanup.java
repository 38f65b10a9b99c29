package dev.jobhub.worker.fence;

import dev.jobhub.worker.job.DaemonThreads;
import dev.jobhub.worker.job.WorkerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes fences older than {@code jobhub.worker.fence.retention}, every {@code cleanup-interval}, in batches of
 * {@code cleanup-batch} rows (by the {@code taken_at} index), so no single statement holds many row locks or a long
 * transaction. Any instance may run it at the same time as another: a row deleted twice is deleted once.
 * A command older than the retention could run again, so the retention must cover the command topics' retention.
 */
@ApplicationScoped
public class AttemptFenceCleanup {

    private final AttemptFences fences;
    private final WorkerConfig.Fence config;
    private ScheduledExecutorService timer;

    public AttemptFenceCleanup(AttemptFences fences, WorkerConfig config) {
        this.fences = fences;
        this.config = config.fence();
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("attempt-fence-cleanup", false));
        long period = config.cleanupInterval().toMillis();
        timer.scheduleWithFixedDelay(this::cleanUp, period, period, TimeUnit.MILLISECONDS);
    }

    /** Deletes the expired fences; returns how many. */
    public int cleanUp() {
        Instant cutoff = Instant.now().minus(config.retention());
        int total = 0;
        try {
            int deleted;
            do {
                deleted = fences.deleteTakenBefore(cutoff, config.cleanupBatch());
                total += deleted;
            } while (deleted == config.cleanupBatch());
        } catch (SQLException | RuntimeException e) {
            // the next run continues; the schedule must survive a bad tick
            Log.warnf("expired attempt fences not deleted yet: %s", e.getMessage());
        }
        if (total > 0) {
            Log.debugf("deleted %d attempt fences taken before %s", total, cutoff);
        }
        return total;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
