package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.model.JobJsonCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * Writes new jobs and the outbox rows of those dispatched at once with one statement however many there are: the rows
 * travel as two JSON arrays that PostgreSQL expands with {@code jsonb_to_recordset}, so a batch of 1,000 jobs is one
 * round trip and one plan instead of 3,000 entity inserts. Whether an immediate job is dispatched now is decided in
 * the same statement from its queue's paused flag (read without a lock: a submission racing a pause may still be
 * dispatched, like a command that reached Kafka just before it), so the job row and its outbox rows always agree:
 * dispatched with {@code job.queued} at sequence 1 and the command of attempt 1, or parked with neither. Runs in the
 * caller's Hibernate Reactive session and transaction (documents, schedules and schema jobs write their own rows in
 * the same one); the jobs are new, so nothing in the session refers to them.
 */
final class JobInsert {

    private static final String INSERT = """
            WITH j AS (
                INSERT INTO jobs (id, user_id, type, state, priority, payload, attempt, max_attempts, last_sequence,
                                  timeout_ms, created_at, updated_at, run_at, dispatched_at, backoff, singleton_key,
                                  schedule_id, webhook_url)
                SELECT r.id, r.user_id, r.type, r.state, r.priority, r.payload, 1, r.max_attempts,
                       CASE WHEN r.state = 'queued' AND NOT q.paused THEN 1 ELSE 0 END,
                       r.timeout_ms, r.created_at, r.created_at, r.run_at,
                       CASE WHEN r.state = 'queued' AND NOT q.paused THEN r.created_at END,
                       r.backoff, r.singleton_key, r.schedule_id, r.webhook_url
                  FROM jsonb_to_recordset(CAST(CAST(:jobs AS text) AS jsonb)) AS r(id uuid, user_id text, type text,
                       state text, priority text, payload jsonb, max_attempts int, timeout_ms bigint,
                       created_at timestamptz, run_at timestamptz, backoff jsonb, singleton_key text, schedule_id uuid,
                       webhook_url text)
                  JOIN queues q ON q.priority = r.priority
                RETURNING id, dispatched_at)
            INSERT INTO outbox (topic, message_key, message_id, headers, payload, created_at)
            SELECT o.topic, o.message_key, o.message_id, o.headers, convert_to(o.payload, 'UTF8'), o.created_at
              FROM jsonb_to_recordset(CAST(CAST(:outbox AS text) AS jsonb)) AS o(%s)
              JOIN j ON j.id::text = o.message_key
             WHERE j.dispatched_at IS NOT NULL
             ORDER BY o.ord
            """.formatted(Outbox.ROW_TYPE);

    private JobInsert() {
    }

    /**
     * Inserts the jobs (attempt 1, state queued or delayed) and, for each queued one whose queue runs, its
     * {@code dispatch} messages (job.queued at sequence 1, then the command).
     */
    static Uni<Void> insert(List<JobRecord> jobs, List<Outbox.Outgoing> dispatch) {
        ArrayNode rows = JobJsonCodec.mapper().createArrayNode();
        for (JobRecord job : jobs) {
            ObjectNode row = rows.addObject();
            row.put("id", job.id().toString());
            row.put("user_id", job.userId());
            row.put("type", job.type());
            row.put("state", job.state().wireName());
            row.put("priority", job.priority().wireName());
            row.set("payload", job.payload());
            row.put("max_attempts", job.maxAttempts());
            row.put("timeout_ms", job.timeoutMs());
            row.put("created_at", instant(job.createdAt()));
            row.put("run_at", instant(job.runAt()));
            row.set("backoff", job.backoff());
            row.put("singleton_key", job.singletonKey());
            row.put("schedule_id", job.scheduleId() == null ? null : job.scheduleId().toString());
            row.put("webhook_url", job.webhookUrl());
        }
        String jobsJson = JobJsonCodec.toJson(rows);
        String outboxJson = Outbox.rowsJson(dispatch);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("jobs", jobsJson)
                .setParameter("outbox", outboxJson)
                .executeUpdate())
                .replaceWithVoid();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
