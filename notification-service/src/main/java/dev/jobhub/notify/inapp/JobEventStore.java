package dev.jobhub.notify.inapp;

import dev.jobhub.notify.delivery.NotificationPublisher;
import dev.jobhub.notify.explain.SuppressionLog;
import dev.jobhub.notify.inapp.DurableNotificationStore.Outcome;
import dev.jobhub.notify.inapp.JobEventBatch.Seen;
import dev.jobhub.notify.stream.StreamMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stores what one poll of {@code jobs.events} tells users, in one transaction of a few statements whatever the
 * poll's size: read the positions of its jobs, advance them, record the events the ordering rule suppressed (if
 * any), publish the notifications (with their processed event ids and their deliveries).
 * Nothing is locked before the write: a job's events come from one partition, which one consumer of the shared
 * group reads at a time; if two overlap during a rebalance, the second to write finds a position moved past what it
 * read ({@link JobPositions.PositionsMoved}) and its transaction is rolled back and run again.
 */
@ApplicationScoped
public class JobEventStore {

    private final Pool pool;
    private final JobPositions positions;
    private final NotificationPublisher notifications;
    private final SuppressionLog suppressions;

    public JobEventStore(Pool pool, JobPositions positions, NotificationPublisher notifications,
            SuppressionLog suppressions) {
        this.pool = pool;
        this.positions = positions;
        this.notifications = notifications;
        this.suppressions = suppressions;
    }

    /**
     * Lazy: every subscription runs a new transaction, so a caller may retry it.
     *
     * @param live every event of the poll as its user's live stream carries it
     */
    public Uni<Outcome> store(List<Seen> poll, List<StreamMessage> live) {
        Set<UUID> jobs = poll.stream().map(seen -> seen.head().jobId()).collect(Collectors.toSet());
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> positions.read(connection, jobs)
                .chain(recorded -> {
                    JobEventBatch batch = JobEventBatch.decide(poll, recorded);
                    return positions.advance(connection, batch.positions())
                            .chain(() -> suppressions.recordWithin(connection, batch.suppressed()))
                            .chain(() -> notifications.publishWithin(connection, batch.notifications(), live))
                            .map(written -> new Outcome(written.size(),
                                    batch.notifications().size() - written.size() + batch.suppressed().size()));
                })));
    }
}
