package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * Writes new jobs with one statement however many there are: the rows travel as one JSON array that PostgreSQL
 * expands with {@code jsonb_to_recordset}, so a batch of 1,000 jobs is one round trip and one plan instead of 1,000
 * entity inserts. Runs in the caller's Hibernate Reactive session and transaction (documents, schedules and schema
 * jobs write their own rows in the same transaction); the jobs are new, so nothing in the session refers to them.
 */
final class JobInsert {

    private static final String INSERT = """
            INSERT INTO jobs (id, user_id, type, state, priority, payload, attempt, max_attempts, last_sequence,
                              timeout_ms, created_at, updated_at, run_at, dispatched_at, backoff, singleton_key,
                              schedule_id)
            SELECT r.id, r.user_id, r.type, r.state, r.priority, r.payload, r.attempt, r.max_attempts,
                   r.last_sequence, r.timeout_ms, r.created_at, r.created_at, r.run_at, r.dispatched_at, r.backoff,
                   r.singleton_key, r.schedule_id
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(id uuid, user_id text, type text, state text,
                   priority text, payload jsonb, attempt int, max_attempts int, last_sequence bigint, timeout_ms bigint,
                   created_at timestamptz, run_at timestamptz, dispatched_at timestamptz, backoff jsonb,
                   singleton_key text, schedule_id uuid)
            """;

    private JobInsert() {
    }

    static Uni<Void> insert(List<Job> jobs) {
        ArrayNode rows = JobJsonCodec.mapper().createArrayNode();
        for (Job job : jobs) {
            ObjectNode row = rows.addObject();
            row.put("id", job.id.toString());
            row.put("user_id", job.userId);
            row.put("type", job.type);
            row.put("state", job.state.wireName());
            row.put("priority", job.priority.wireName());
            row.set("payload", job.payload);
            row.put("attempt", job.attempt);
            row.put("max_attempts", job.maxAttempts);
            row.put("last_sequence", job.lastSequence);
            row.put("timeout_ms", job.timeoutMs);
            row.put("created_at", instant(job.createdAt));
            row.put("run_at", instant(job.runAt));
            row.put("dispatched_at", instant(job.dispatchedAt));
            row.set("backoff", job.backoff);
            row.put("singleton_key", job.singletonKey);
            row.put("schedule_id", job.scheduleId == null ? null : job.scheduleId.toString());
        }
        String json = JobJsonCodec.toJson(rows);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("rows", json)
                .executeUpdate())
                .replaceWithVoid();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
