package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.lifecycle.JobTransitions;
import dev.jobhub.model.EventOrder;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A poll of {@code jobs.events} split by job. A job whose events in the poll only move it forward (started,
 * progress, completed, cancelled) is applied with one {@code UPDATE … FROM jsonb_to_recordset} for all such jobs: each
 * row carries the job's newest event by (attempt, sequence), merged with what the earlier events of that attempt
 * set (the first start, the worker, the latest progress). The statement's WHERE keeps the projection's rules without
 * a lock: the event is newer than the record by (attempt, sequence), the record is not final, and
 * {@link JobTransitions} allows the change. A job with a failed attempt in the poll (retrying, failed), which needs
 * backoff, a dead letter or a cancellation instead, goes event by event.
 */
final class JobEventBatch {

    private static final Set<JobEventType> SIMPLE = EnumSet.of(JobEventType.STARTED, JobEventType.PROGRESS,
            JobEventType.COMPLETED, JobEventType.CANCELLED);
    private static final Set<JobState> TARGETS = EnumSet.of(JobState.ACTIVE, JobState.COMPLETED, JobState.CANCELLED);

    private static final String APPLY = """
            UPDATE jobs j SET
                state = r.state,
                attempt = r.attempt,
                last_sequence = r.sequence,
                heartbeat_at = CASE WHEN r.state = 'active' THEN now() ELSE j.heartbeat_at END,
                started_at = COALESCE(j.started_at, r.started_at),
                worker_id = COALESCE(r.worker_id, j.worker_id),
                progress = COALESCE(r.progress, j.progress),
                result = CASE WHEN r.state = 'completed' THEN r.result ELSE j.result END,
                error = CASE WHEN r.state = 'completed' THEN NULL ELSE j.error END,
                finished_at = CASE WHEN r.state IN ('completed', 'cancelled') THEN r.occurred_at ELSE j.finished_at END,
                updated_at = now(),
                version = j.version + 1
            FROM jsonb_to_recordset($1::text::jsonb) AS r(id uuid, state text, attempt int, sequence bigint,
                 started_at timestamptz, worker_id text, progress jsonb, result jsonb, occurred_at timestamptz)
            WHERE j.id = r.id
              AND %s
              AND %s
            """.formatted(EventOrder.sqlNewer("r.attempt", "r.sequence", "j.attempt", "j.last_sequence"),
            JobTransitions.sqlAllowed("j.state", "r.state", TARGETS));

    private final List<List<JobEvent>> simple;
    private final List<JobEvent> oneByOne;
    private final boolean endsAJob;

    private JobEventBatch(List<List<JobEvent>> simple, List<JobEvent> oneByOne, boolean endsAJob) {
        this.simple = simple;
        this.oneByOne = oneByOne;
        this.endsAJob = endsAJob;
    }

    static JobEventBatch of(List<JobEvent> events) {
        Map<UUID, List<JobEvent>> byJob = new LinkedHashMap<>();
        for (JobEvent event : events) {
            byJob.computeIfAbsent(event.jobId(), id -> new ArrayList<>()).add(event);
        }
        List<List<JobEvent>> simple = new ArrayList<>();
        List<JobEvent> oneByOne = new ArrayList<>();
        boolean endsAJob = false;
        for (List<JobEvent> jobEvents : byJob.values()) {
            List<JobEvent> worker = jobEvents.stream().filter(e -> e.type() != JobEventType.QUEUED).toList();
            if (worker.isEmpty()) {
                continue;
            }
            if (worker.stream().allMatch(e -> SIMPLE.contains(e.type()))) {
                simple.add(worker);
            } else {
                oneByOne.addAll(worker);
            }
            endsAJob |= worker.stream().anyMatch(e -> e.type().resultingState().isFinal());
        }
        return new JobEventBatch(simple, oneByOne, endsAJob);
    }

    List<List<JobEvent>> simple() {
        return simple;
    }

    List<JobEvent> oneByOne() {
        return oneByOne;
    }

    boolean endsAJob() {
        return endsAJob;
    }

    Uni<Void> apply(SqlConnection connection) {
        ArrayNode rows = JobJsonCodec.mapper().createArrayNode();
        for (List<JobEvent> jobEvents : simple) {
            row(rows.addObject(), jobEvents);
        }
        return connection.preparedQuery(APPLY).execute(Tuple.of(JobJsonCodec.toJson(rows))).replaceWithVoid();
    }

    /** The job's newest event, with what the earlier events of its attempt set. */
    private static void row(ObjectNode row, List<JobEvent> events) {
        JobEvent newest = events.get(0);
        for (JobEvent event : events) {
            if (EventOrder.isNewer(event.attempt(), event.sequence(), newest.attempt(), newest.sequence())) {
                newest = event;
            }
        }
        Instant startedAt = null;
        String workerId = null;
        JobEvent latestProgress = null;
        for (JobEvent event : events) {
            if (event.attempt() != newest.attempt() || event.sequence() > newest.sequence()) {
                continue;
            }
            boolean running = event.type() == JobEventType.STARTED || event.type() == JobEventType.PROGRESS;
            if (running && (startedAt == null || event.occurredAt().isBefore(startedAt))) {
                startedAt = event.occurredAt();
            }
            if (event.workerId() != null && (running || workerId == null)) {
                workerId = event.workerId();
            }
            if (running && event.progress() != null
                    && (latestProgress == null || event.sequence() > latestProgress.sequence())) {
                latestProgress = event;
            }
        }
        row.put("id", newest.jobId().toString());
        row.put("state", newest.type().resultingState().wireName());
        row.put("attempt", newest.attempt());
        row.put("sequence", newest.sequence());
        row.put("started_at", startedAt == null ? null : startedAt.toString());
        row.put("worker_id", workerId);
        row.set("progress", latestProgress == null ? null : JobJsonCodec.toTree(latestProgress.progress()));
        row.set("result", newest.type() == JobEventType.COMPLETED ? newest.result() : null);
        row.put("occurred_at", newest.occurredAt().toString());
    }
}
