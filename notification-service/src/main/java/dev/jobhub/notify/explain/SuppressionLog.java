package dev.jobhub.notify.explain;

import dev.jobhub.model.EventOrder;
import dev.jobhub.notify.inapp.JobEventBatch.Suppressed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code notification_suppressions} table: events that would have made a notification but did not count under
 * the ordering rule, and why. Written by the store path in its own transaction, only for polls that have such an
 * event (rare: a duplicate run, a superseded attempt, a late event), so the common poll pays nothing for it.
 */
@ApplicationScoped
public class SuppressionLog {

    /** A duplicate, a late event, or the final event of an attempt a newer one superseded. */
    public static final String STALE = "stale_event";
    /** The job's latest attempt had already ended: nothing after a final event counts. */
    public static final String AFTER_FINAL = "job_already_ended";

    private static final String INSERT = """
            INSERT INTO notify.notification_suppressions (event_id, user_id, job_id, event_type, attempt, sequence,
                                                          reason)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::bigint[], $7::text[])
            ON CONFLICT (event_id) DO NOTHING""";

    private final Pool pool;

    public SuppressionLog(Pool pool) {
        this.pool = pool;
    }

    /** An event that made no notification, as the explanation shows it. */
    public record Suppression(UUID eventId, String eventType, int attempt, long sequence, String reason,
            Instant recordedAt) {
    }

    public Uni<Void> recordWithin(SqlConnection connection, List<Suppressed> suppressed) {
        if (suppressed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = suppressed.size();
        UUID[] events = new UUID[size];
        String[] users = new String[size];
        UUID[] jobs = new UUID[size];
        String[] types = new String[size];
        Integer[] attempts = new Integer[size];
        Long[] sequences = new Long[size];
        String[] reasons = new String[size];
        for (int i = 0; i < size; i++) {
            Suppressed s = suppressed.get(i);
            events[i] = s.notification().eventId();
            users[i] = s.notification().userId();
            jobs[i] = s.head().jobId();
            types[i] = s.head().type().wireName();
            attempts[i] = s.head().attempt();
            sequences[i] = s.head().sequence();
            reasons[i] = s.verdict() == EventOrder.Verdict.AFTER_FINAL ? AFTER_FINAL : STALE;
        }
        return connection.preparedQuery(INSERT).execute(Tuple.tuple().addValue(events).addValue(users)
                .addValue(jobs).addValue(types).addValue(attempts).addValue(sequences).addValue(reasons))
                .replaceWithVoid();
    }

    /** The suppressions of a job, oldest first: the user's own, or everyone's for {@code userId} null (an admin). */
    public Uni<List<Suppression>> ofJob(UUID jobId, String userId) {
        return pool.preparedQuery("""
                        SELECT event_id, event_type, attempt, sequence, reason, created_at
                          FROM notify.notification_suppressions
                         WHERE job_id = $1 AND ($2::text IS NULL OR user_id = $2)
                         ORDER BY attempt, sequence""")
                .execute(Tuple.of(jobId, userId))
                .map(rows -> {
                    List<Suppression> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(new Suppression(row.getUUID("event_id"), row.getString("event_type"),
                            row.getInteger("attempt"), row.getLong("sequence"), row.getString("reason"),
                            row.getOffsetDateTime("created_at").toInstant())));
                    return found;
                });
    }
}
