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
import java.util.List;
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

    /**
     * The deliveries of one of the user's notifications; an email delivery shows its message's state in the email
     * outbox once it has one. Empty for a notification that is not the user's (the caller answers 404).
     */
    public Uni<List<DeliveryView>> ofNotification(String userId, UUID notificationId) {
        return pool.preparedQuery("""
                        SELECT d.channel, d.reason, d.digest, d.digest_due_at, d.created_at,
                               coalesce(e.status, d.status) AS status, coalesce(e.attempts, 0) AS attempts,
                               e.last_error, e.sent_at, e.next_attempt_at,
                               CASE WHEN d.channel = 'in_app' AND d.status = 'sent' THEN d.created_at END AS shown_at
                          FROM notify.notification_deliveries d
                          LEFT JOIN notify.email_outbox e ON e.id = d.email_id
                         WHERE d.notification_id = $1 AND d.user_id = $2
                         ORDER BY d.channel""")
                .execute(Tuple.of(notificationId, userId))
                .map(rows -> {
                    List<DeliveryView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(DeliveryView.of(row)));
                    return views;
                });
    }

    /** A delivery as the API shows it. */
    public record DeliveryView(String channel, String status, int attempts, String error, String reason,
            Instant sentAt, String digest, Instant digestDueAt, Instant nextAttemptAt, Instant createdAt) {

        static DeliveryView of(Row row) {
            Instant sentAt = instant(row, "sent_at");
            return new DeliveryView(row.getString("channel"), row.getString("status"), row.getInteger("attempts"),
                    row.getString("last_error"), row.getString("reason"),
                    sentAt != null ? sentAt : instant(row, "shown_at"), row.getString("digest"),
                    instant(row, "digest_due_at"),
                    "pending".equals(row.getString("status")) ? instant(row, "next_attempt_at") : null,
                    instant(row, "created_at"));
        }

        private static Instant instant(Row row, String column) {
            OffsetDateTime value = row.getOffsetDateTime(column);
            return value == null ? null : value.toInstant();
        }
    }
}
