package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobJsonCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
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
            INSERT INTO notify.notifications (id, user_id, kind, title, body, job_id, job_type, event_id, data, created_at)
            SELECT n.id, n.user_id, n.kind, n.title, n.body, n.job_id, n.job_type, n.event_id, n.data::jsonb,
                   n.created_at
              FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[],
                          $1::uuid[], $9::text[], $10::timestamptz[])
                   AS n(id, user_id, kind, title, body, job_id, job_type, event_id, data, created_at)
              JOIN fresh USING (event_id)
            """;

    private Instant lastCreatedAt = Instant.EPOCH;

    /** @return how many were written: the others' events had been processed before */
    public Uni<Integer> insert(SqlConnection connection, List<NewNotification> all) {
        // an event id twice in one statement would pass processed_events once but make two notifications
        List<NewNotification> notifications = List.copyOf(all.stream()
                .collect(Collectors.toMap(NewNotification::eventId, n -> n, (first, again) -> first,
                        LinkedHashMap::new))
                .values());
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int size = notifications.size();
        UUID[] eventIds = new UUID[size];
        UUID[] ids = new UUID[size];
        String[] userIds = new String[size];
        String[] kinds = new String[size];
        String[] titles = new String[size];
        String[] bodies = new String[size];
        UUID[] jobIds = new UUID[size];
        String[] jobTypes = new String[size];
        // bound as text and cast in SQL: a Java string bound to jsonb would be stored as a JSON string literal
        String[] data = new String[size];
        OffsetDateTime[] createdAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            NewNotification notification = notifications.get(i);
            eventIds[i] = notification.eventId();
            ids[i] = UUID.randomUUID();
            userIds[i] = notification.userId();
            kinds[i] = notification.kind();
            titles[i] = notification.title();
            bodies[i] = notification.body();
            jobIds[i] = notification.jobId();
            jobTypes[i] = notification.jobType();
            data[i] = notification.data() == null ? null : JobJsonCodec.toJson(notification.data());
            createdAt[i] = nextCreatedAt().atOffset(ZoneOffset.UTC);
        }
        Tuple values = Tuple.tuple().addValue(eventIds).addValue(ids).addValue(userIds).addValue(kinds)
                .addValue(titles).addValue(bodies).addValue(jobIds).addValue(jobTypes).addValue(data)
                .addValue(createdAt);
        return connection.preparedQuery(INSERT).execute(values).map(rows -> rows.rowCount());
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
