package dev.jobhub.notify.inapp;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes notifications older than the retention (their delivery log goes with them, by its foreign key; the unread
 * counts follow by their triggers), the emails sent or given up on and the suppressed events as long ago, and processed event ids past any
 * redelivery. Each table is purged in batches of {@link RetentionConfig#batchSize()} rows, each batch a statement of
 * its own, so a first purge of a large backlog holds no long lock. Any instance may run it at any time: the deletes
 * only remove what is old, and two instances deleting the same batch simply delete it once.
 */
@ApplicationScoped
public class NotificationRetention {

    private static final String NOTIFICATIONS = """
            DELETE FROM notify.notifications WHERE id IN (
                SELECT id FROM notify.notifications WHERE created_at < $1 ORDER BY created_at LIMIT $2)""";
    private static final String EMAILS = """
            DELETE FROM notify.email_outbox WHERE id IN (
                SELECT id FROM notify.email_outbox WHERE status <> 'pending' AND created_at < $1 LIMIT $2)""";
    private static final String SUPPRESSIONS = """
            DELETE FROM notify.notification_suppressions WHERE event_id IN (
                SELECT event_id FROM notify.notification_suppressions WHERE created_at < $1 LIMIT $2)""";
    private static final String PROCESSED_EVENTS = """
            DELETE FROM notify.processed_events WHERE event_id IN (
                SELECT event_id FROM notify.processed_events WHERE processed_at < $1 LIMIT $2)""";

    private final Pool pool;
    private final RetentionConfig config;

    public NotificationRetention(Pool pool, RetentionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** What one purge deleted. */
    public record Purged(long notifications, long emails, long suppressions, long processedEvents) {
    }

    @Scheduled(every = "${jobhub.notify.retention.every}", delayed = "${jobhub.notify.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now())
                .invoke(purged -> Log.debugf("retention purge: %s", purged))
                .onFailure().invoke(failure -> Log.warnf("cannot purge old notifications now: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes everything past its retention as of {@code now}. */
    public Uni<Purged> purge(Instant now) {
        OffsetDateTime notificationsBefore = now.minus(Duration.ofDays(config.notificationDays()))
                .atOffset(ZoneOffset.UTC);
        OffsetDateTime eventsBefore = now.minus(config.processedEvents()).atOffset(ZoneOffset.UTC);
        return deleteAll(NOTIFICATIONS, notificationsBefore, 0)
                .chain(notifications -> deleteAll(EMAILS, notificationsBefore, 0)
                        .chain(emails -> deleteAll(SUPPRESSIONS, notificationsBefore, 0)
                                .chain(suppressions -> deleteAll(PROCESSED_EVENTS, eventsBefore, 0)
                                        .map(events -> new Purged(notifications, emails, suppressions, events)))));
    }

    /** Runs the batched delete until a batch comes back short. */
    private Uni<Long> deleteAll(String statement, OffsetDateTime before, long deletedSoFar) {
        return pool.preparedQuery(statement).execute(Tuple.of(before, config.batchSize()))
                .chain(rows -> rows.rowCount() < config.batchSize()
                        ? Uni.createFrom().item(deletedSoFar + rows.rowCount())
                        : deleteAll(statement, before, deletedSoFar + rows.rowCount()));
    }
}
