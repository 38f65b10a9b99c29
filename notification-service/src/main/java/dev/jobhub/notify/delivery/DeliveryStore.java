package dev.jobhub.notify.delivery;

import dev.jobhub.notify.delivery.DeliveryPlan.Delivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code notification_deliveries} table: the delivery log of every notification on every channel. */
@ApplicationScoped
public class DeliveryStore {

    private static final String INSERT = """
            INSERT INTO notify.notification_deliveries (id, notification_id, user_id, channel, status, reason,
                                                        email_id, digest, digest_due_at)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                                 $8::text[], $9::timestamptz[])
            ON CONFLICT ON CONSTRAINT notification_deliveries_once DO NOTHING
            """;

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    /** Records the deliveries in the caller's transaction; a delivery recorded before stays as it is. */
    public Uni<Void> insertWithin(SqlConnection connection, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = deliveries.size();
        UUID[] ids = new UUID[size];
        UUID[] notifications = new UUID[size];
        String[] users = new String[size];
        String[] channels = new String[size];
        String[] statuses = new String[size];
        String[] reasons = new String[size];
        UUID[] emails = new UUID[size];
        String[] digests = new String[size];
        OffsetDateTime[] due = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Delivery delivery = deliveries.get(i);
            ids[i] = delivery.id();
            notifications[i] = delivery.notificationId();
            users[i] = delivery.userId();
            channels[i] = delivery.channel().wireName();
            statuses[i] = delivery.status();
            reasons[i] = delivery.reason();
            emails[i] = delivery.emailId();
            digests[i] = delivery.digest();
            due[i] = delivery.digestDueAt() == null ? null : delivery.digestDueAt().atOffset(ZoneOffset.UTC);
        }
        return connection.preparedQuery(INSERT)
                .execute(Tuple.tuple().addValue(ids).addValue(notifications).addValue(users).addValue(channels)
                        .addValue(statuses).addValue(reasons).addValue(emails).addValue(digests).addValue(due))
                .replaceWithVoid();
    }

    /** A delivery held for a digest that is due now. */
    public record DueDigest(UUID id, UUID notificationId, String userId, String digest, Instant dueAt) {
    }

    /**
     * The digest deliveries due by now of up to {@code users} users, all of each user's, locked for the caller's
     * transaction: a digest is never split between rounds. Rows another instance holds are skipped, so two instances
     * never make the same digest.
     */
    public Uni<List<DueDigest>> lockDueDigestsWithin(SqlConnection connection, int users) {
        return connection.preparedQuery("""
                        SELECT id, notification_id, user_id, digest, digest_due_at
                          FROM notify.notification_deliveries
                         WHERE status = 'pending' AND email_id IS NULL AND digest_due_at <= now()
                           AND user_id IN (SELECT user_id FROM notify.notification_deliveries
                                            WHERE status = 'pending' AND email_id IS NULL AND digest_due_at <= now()
                                            GROUP BY user_id ORDER BY min(digest_due_at) LIMIT $1)
                         ORDER BY user_id, digest_due_at
                           FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(users))
                .map(rows -> {
                    List<DueDigest> due = new ArrayList<>(rows.size());
                    rows.forEach(row -> due.add(new DueDigest(row.getUUID("id"), row.getUUID("notification_id"),
                            row.getString("user_id"), row.getString("digest"),
                            row.getOffsetDateTime("digest_due_at").toInstant())));
                    return due;
                });
    }

    /** The deliveries went out in email {@code emailId}: from now on their state is that email's. */
    public Uni<Void> attachEmailWithin(SqlConnection connection, List<UUID> deliveryIds, UUID emailId) {
        return connection.preparedQuery("""
                        UPDATE notify.notification_deliveries SET email_id = $2, updated_at = now()
                         WHERE id = ANY($1)""")
                .execute(Tuple.of(deliveryIds.toArray(UUID[]::new), emailId)).replaceWithVoid();
    }

    public Uni<Void> skipWithin(SqlConnection connection, List<UUID> deliveryIds, String reason) {
        return connection.preparedQuery("""
                        UPDATE notify.notification_deliveries SET status = 'skipped', reason = $2, updated_at = now()
                         WHERE id = ANY($1)""")
                .execute(Tuple.of(deliveryIds.toArray(UUID[]::new), reason)).replaceWithVoid();
    }

    /**
     * Counts by channel and state (an email delivery counts as its email's state) of the deliveries made since
     * {@code since}, for the admins' aggregate.
     */
    public Uni<List<ChannelCount>> countsByChannel(Instant since) {
        return pool.preparedQuery("""
                        SELECT d.channel, coalesce(e.status, d.status) AS status,
                               (d.email_id IS NULL AND d.digest_due_at IS NOT NULL AND d.status = 'pending')
                                   AS held_for_digest,
                               count(*) AS deliveries
                          FROM notify.notification_deliveries d
                          LEFT JOIN notify.email_outbox e ON e.id = d.email_id
                         WHERE d.created_at >= $1
                         GROUP BY 1, 2, 3""")
                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<ChannelCount> counts = new ArrayList<>();
                    rows.forEach(row -> counts.add(new ChannelCount(row.getString("channel"), row.getString("status"),
                            row.getBoolean("held_for_digest"), row.getLong("deliveries"))));
                    return counts;
                });
    }

    /** How many deliveries of a channel are in a state. */
    public record ChannelCount(String channel, String status, boolean heldForDigest, long deliveries) {
    }

    /** A delivery row with its email's state: the notification it belongs to, then what the API shows. */
    private static final String DELIVERIES = """
            SELECT d.notification_id, d.channel, d.reason, d.digest, d.digest_due_at, d.created_at, d.email_id,
                   coalesce(e.status, d.status) AS status, coalesce(e.attempts, 0) AS attempts,
                   e.last_error, e.sent_at, e.next_attempt_at,
                   CASE WHEN d.channel = 'in_app' AND d.status = 'sent' THEN d.created_at END AS shown_at
              FROM notify.notification_deliveries d
              LEFT JOIN notify.email_outbox e ON e.id = d.email_id
            """;

    /**
     * The deliveries of one of the user's notifications; an email delivery shows its message's state in the email
     * outbox once it has one. Empty for a notification that is not the user's (the caller answers 404).
     */
    public Uni<List<DeliveryView>> ofNotification(String userId, UUID notificationId) {
        return pool.preparedQuery(DELIVERIES + " WHERE d.notification_id = $1 AND d.user_id = $2 ORDER BY d.channel")
                .execute(Tuple.of(notificationId, userId))
                .map(rows -> {
                    List<DeliveryView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(DeliveryView.of(row)));
                    return views;
                });
    }

    /** The deliveries of each of {@code notificationIds}, whoever they belong to: the caller chose the ids. */
    public Uni<Map<UUID, List<DeliveryView>>> ofNotifications(Collection<UUID> notificationIds) {
        return pool.preparedQuery(DELIVERIES + " WHERE d.notification_id = ANY($1) ORDER BY d.channel")
                .execute(Tuple.of(notificationIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<DeliveryView>> views = new HashMap<>();
                    rows.forEach(row -> views.computeIfAbsent(row.getUUID("notification_id"), id -> new ArrayList<>())
                            .add(DeliveryView.of(row)));
                    return views;
                });
    }

    /**
     * A delivery as the API shows it.
     *
     * @param emailId the email that carried it (its Message-ID is {@code <emailId@jobhub>}): for a digest, the
     *        digest it was folded into
     */
    public record DeliveryView(String channel, String status, int attempts, String error, String reason,
            Instant sentAt, String digest, Instant digestDueAt, Instant nextAttemptAt, Instant createdAt,
            UUID emailId) {

        static DeliveryView of(Row row) {
            Instant sentAt = instant(row, "sent_at");
            return new DeliveryView(row.getString("channel"), row.getString("status"), row.getInteger("attempts"),
                    row.getString("last_error"), row.getString("reason"),
                    sentAt != null ? sentAt : instant(row, "shown_at"), row.getString("digest"),
                    instant(row, "digest_due_at"),
                    "pending".equals(row.getString("status")) ? instant(row, "next_attempt_at") : null,
                    instant(row, "created_at"), row.getUUID("email_id"));
        }

        private static Instant instant(Row row, String column) {
            OffsetDateTime value = row.getOffsetDateTime(column);
            return value == null ? null : value.toInstant();
        }
    }
}
