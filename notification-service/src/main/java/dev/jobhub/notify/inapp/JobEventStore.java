package dev.jobhub.notify.inapp;

import dev.jobhub.notify.delivery.NotificationPublisher;
import dev.jobhub.notify.explain.SuppressionLog;
import dev.jobhub.notify.inapp.DurableNotificationStore.Outcome;
import dev.jobhub.notify.inapp.JobEventBatch.Seen;
import dev.jobhub.notify.stream.StreamMessage;
import dev.jobhub.notify.watch.Following;
import dev.jobhub.notify.watch.JobWatcherLists;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stores what one poll of {@code jobs.events} tells users, in one transaction of a few statements whatever the
 * poll's size: read the positions of its jobs (and, pipelined with it, who follows them: {@link JobWatcherLists}),
 * advance them, record the events the ordering rule suppressed (if any), publish the notifications (with their
 * processed event ids and their deliveries). Each event of a followed job is copied to its watchers' streams, and its
 * notification to the watchers, in that transaction.
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
    private final JobWatcherLists watchers;

    public JobEventStore(Pool pool, JobPositions positions, NotificationPublisher notifications,
            SuppressionLog suppressions, JobWatcherLists watchers) {
        this.pool = pool;
        this.positions = positions;
        this.notifications = notifications;
        this.suppressions = suppressions;
        this.watchers = watchers;
    }

    /**
     * Lazy: every subscription runs a new transaction, so a caller may retry it.
     *
     * @param live every event of the poll as its user's live stream carries it
     */
    public Uni<Outcome> store(List<Seen> poll, List<StreamMessage> live) {
        Set<UUID> jobs = poll.stream().map(seen -> seen.head().jobId()).collect(Collectors.toSet());
        Set<UUID> liveJobs = live.stream().map(StreamMessage::jobId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        // the two reads are pipelined on the connection: following the poll's jobs costs no round trip of its own
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> Uni.combine().all()
                .unis(positions.read(connection, jobs), watchers.of(connection, liveJobs)).asTuple()
                .chain(read -> {
                    JobEventBatch batch = JobEventBatch.decide(poll, read.getItem1());
                    Following following = read.getItem2();
                    List<NewNotification> told = following.withNotifications(batch.notifications());
                    return positions.advance(connection, batch.positions())
                            .chain(() -> suppressions.recordWithin(connection, batch.suppressed()))
                            .chain(() -> notifications.publishWithin(connection, told, following.withCopies(live)))
                            .map(written -> new Outcome(written.size(),
                                    told.size() - written.size() + batch.suppressed().size()));
                })));
    }
}
