package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes notifications with the ids of the events they come from, any number in one statement: an event whose id is
 * in {@code processed_events} already is skipped, so a redelivered event never makes a second notification. Runs in
 * the caller's transaction, so the notifications, their processed ids and whatever else the caller writes commit
 * together.
 */
@ApplicationScoped
public class NotificationWriter {

    /**
     * The processed ids that are new decide which notifications are written. Two consumers racing on the same event
     * id (a rebalance) serialise on its primary key: the second waits for the first to commit and then skips it.
     */
    private static final String INSERT = """
            WITH fresh AS (
                INSERT INTO notify.processed_events (event_id)
                SELECT unnest($1::uuid[])
                ON CONFLICT DO NOTHING
                RETURNING event_id)
            INSERT INTO notify.notifications (id, user_id, type, title, message, job_id, job_type, event_id, data,
                                              created_at, shown)
            SELECT n.id, n.user_id, n.type, n.title, n.message, n.job_id, n.job_type, n.event_id, n.data::jsonb,
                   n.created_at, n.shown
              FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[],
                          $1::uuid[], $9::text[], $10::timestamptz[], $11::boolean[])
                   AS n(id, user_id, type, title, message, job_id, job_type, event_id, data, created_at, shown)
              JOIN fresh USING (event_id)
            RETURNING id, event_id, created_at, shown
            """;

    /** A notification as written: its new id and time, whether the center shows it, and what it was made from. */
    public record Written(UUID id, Instant createdAt, boolean shown, NewNotification notification) {
    }

    private Instant lastCreatedAt = Instant.EPOCH;

    /**
     * @param shown whether the center shows a notification: false if its user switched the in-app channel off for
     *        its type (it is still written, for its other channels and its delivery log)
     * @return those written, in no particular order: the others' events had been processed before
     */
    public Uni<List<Written>> insert(SqlConnection connection, List<NewNotification> all,
            Predicate<NewNotification> shown) {
        // an event id twice in one statement would pass processed_events once but make two notifications
        List<NewNotification> notifications = List.copyOf(all.stream()
                .collect(Collectors.toMap(NewNotification::eventId, n -> n, (first, again) -> first,
                        LinkedHashMap::new))
                .values());
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int size = notifications.size();
        UUID[] eventIds = new UUID[size];
        UUID[] ids = new UUID[size];
        String[] userIds = new String[size];
        String[] types = new String[size];
        String[] titles = new String[size];
        String[] messages = new String[size];
        UUID[] jobIds = new UUID[size];
        String[] jobTypes = new String[size];
        // bound as text and cast in SQL: a Java string bound to jsonb would be stored as a JSON string literal
        String[] data = new String[size];
        OffsetDateTime[] createdAt = new OffsetDateTime[size];
        Boolean[] shownFlags = new Boolean[size];
        for (int i = 0; i < size; i++) {
            NewNotification notification = notifications.get(i);
            eventIds[i] = notification.eventId();
            ids[i] = UUID.randomUUID();
            userIds[i] = notification.userId();
            types[i] = notification.type().wireName();
            titles[i] = notification.title();
            messages[i] = notification.message();
            jobIds[i] = notification.jobId();
            jobTypes[i] = notification.jobType();
            data[i] = notification.data() == null ? null : JobJsonCodec.toJson(notification.data());
            createdAt[i] = nextCreatedAt().atOffset(ZoneOffset.UTC);
            shownFlags[i] = shown.test(notification);
        }
        Tuple values = Tuple.tuple().addValue(eventIds).addValue(ids).addValue(userIds).addValue(types)
                .addValue(titles).addValue(messages).addValue(jobIds).addValue(jobTypes).addValue(data)
                .addValue(createdAt).addValue(shownFlags);
        Map<UUID, NewNotification> byEvent = notifications.stream()
                .collect(Collectors.toMap(NewNotification::eventId, n -> n));
        return connection.preparedQuery(INSERT).execute(values).map(rows -> {
            List<Written> written = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                written.add(new Written(row.getUUID("id"), row.getOffsetDateTime("created_at").toInstant(),
                        row.getBoolean("shown"), byEvent.get(row.getUUID("event_id"))));
            }
            return written;
        });
    }

    /** A stored notification as an email tells it. */
    public record Stored(UUID id, String userId, String type, String title, String message, Instant createdAt,
            JsonNode data) {
    }

    /** The notifications of {@code ids} that still exist, oldest first, read in the caller's transaction. */
    public Uni<List<Stored>> byIdsWithin(SqlConnection connection, Collection<UUID> ids) {
        return connection.preparedQuery("""
                        SELECT id, user_id, type, title, message, created_at, data::text AS data
                          FROM notify.notifications WHERE id = ANY($1) ORDER BY created_at, id""")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Stored> stored = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String data = row.getString("data");
                        stored.add(new Stored(row.getUUID("id"), row.getString("user_id"), row.getString("type"),
                                row.getString("title"), row.getString("message"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                data == null ? null : JobJsonCodec.fromJson(data, JsonNode.class)));
                    }
                    return stored;
                });
    }

    /**
     * Now, but later than every notification written before by this instance: the inbox lists newest first, and the
     * notifications of one statement must keep the order of their events although the clock (whose resolution
     * PostgreSQL cuts to microseconds) may read the same for all of them.
     */
    private synchronized Instant nextCreatedAt() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        lastCreatedAt = now.isAfter(lastCreatedAt) ? now : lastCreatedAt.plus(1, ChronoUnit.MICROS);
        return lastCreatedAt;
    }
}
