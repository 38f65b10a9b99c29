package dev.jobhub.notify.inapp;

import dev.jobhub.notify.watch.JobWatcherLists;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Deletes the positions of jobs whose events stopped long ago ({@link StoreConfig#positionRetention()}), so that
 * job_positions holds the jobs in flight rather than every job ever run, and with them the watcher lists of those
 * jobs that did not change for as long ({@link JobWatcherLists#purge}). Any instance may run it at any time: it
 * only deletes rows no event has moved for the whole retention.
 */
@ApplicationScoped
public class JobPositionPurge {

    private final JobPositions positions;
    private final JobWatcherLists watchers;
    private final StoreConfig config;

    public JobPositionPurge(JobPositions positions, JobWatcherLists watchers, StoreConfig config) {
        this.positions = positions;
        this.watchers = watchers;
        this.config = config;
    }

    @Scheduled(every = "${jobhub.notify.store.position-purge-every}", delayed = "${jobhub.notify.store.position-purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        Instant before = Instant.now().minus(config.positionRetention());
        // the watchers first: whether their job still moves is read from the positions about to go
        return watchers.purge(before)
                .invoke(deleted -> Log.debugf("purged %d watcher lists", deleted))
                .chain(() -> positions.purge(before))
                .invoke(deleted -> Log.debugf("purged %d job positions", deleted))
                .onFailure().invoke(failure -> Log.warnf("cannot purge job positions now: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
