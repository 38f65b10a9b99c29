package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as the API reads it from {@code api.jobs} ({@link Jobs}), or as a submission is about to write it
 * ({@link #submitted}). The lifecycle reads its own narrower {@code JobRow} under the row's lock.
 *
 * @param attempt       the attempt the job is on (1 for the first)
 * @param runAt         when a delayed or retrying job is due
 * @param backoff       retry policy {type, delayMs, maxDelayMs}; null means the configured default
 * @param attemptErrors the error of each failed attempt, oldest first: [{attempt, code, message, at}]
 * @param webhookUrl    the per-job webhook the job was submitted with, or null
 */
public record JobRecord(
        UUID id,
        String userId,
        String type,
        JobState state,
        Priority priority,
        JsonNode payload,
        Progress progress,
        JsonNode result,
        JobError error,
        int attempt,
        int maxAttempts,
        Long timeoutMs,
        JsonNode backoff,
        String singletonKey,
        UUID scheduleId,
        String workerId,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant runAt,
        Instant cancelRequestedAt,
        JsonNode attemptErrors,
        String webhookUrl) {

    /** The column list of every {@code SELECT … FROM jobs j} that reads a {@link JobRecord}. */
    static final String COLUMNS = """
            j.id, j.user_id, j.type, j.state, j.priority, j.payload::text AS payload, j.progress::text AS progress,
            j.result::text AS result, j.error::text AS error, j.attempt, j.max_attempts, j.timeout_ms,
            j.backoff::text AS backoff, j.singleton_key, j.schedule_id, j.worker_id, j.created_at, j.updated_at,
            j.started_at, j.finished_at, j.run_at, j.cancel_requested_at, j.attempt_errors::text AS attempt_errors,
            j.webhook_url""";

    static JobRecord of(Row row) {
        return new JobRecord(
                row.getUUID("id"),
                row.getString("user_id"),
                row.getString("type"),
                JobState.fromWire(row.getString("state")),
                Priority.fromWire(row.getString("priority")),
                JobColumns.json(row.getString("payload")),
                JobColumns.json(row.getString("progress"), Progress.class),
                JobColumns.json(row.getString("result")),
                JobColumns.json(row.getString("error"), JobError.class),
                row.getInteger("attempt"),
                row.getInteger("max_attempts"),
                row.getLong("timeout_ms"),
                JobColumns.json(row.getString("backoff")),
                row.getString("singleton_key"),
                row.getUUID("schedule_id"),
                row.getString("worker_id"),
                JobColumns.instant(row, "created_at"),
                JobColumns.instant(row, "updated_at"),
                JobColumns.instant(row, "started_at"),
                JobColumns.instant(row, "finished_at"),
                JobColumns.instant(row, "run_at"),
                JobColumns.instant(row, "cancel_requested_at"),
                JobColumns.json(row.getString("attempt_errors")),
                row.getString("webhook_url"));
    }

    /**
     * A new job on its first attempt, not yet run: what {@link JobInsert} writes and a 202 answers. Whether a queued
     * one is dispatched at once is decided as it is written, so it is not known here.
     *
     * @param runAt the due time of a delayed job, else null
     */
    static JobRecord submitted(UUID id, String userId, String type, JobState state, Priority priority,
            JsonNode payload, int maxAttempts, Long timeoutMs, JsonNode backoff, String singletonKey, UUID scheduleId,
            Instant createdAt, Instant runAt, String webhookUrl) {
        return new JobRecord(id, userId, type, state, priority, payload, null, null, null, 1, maxAttempts, timeoutMs,
                backoff, singletonKey, scheduleId, null, createdAt, createdAt, null, null, runAt, null,
                JobJsonCodec.mapper().createArrayNode(), webhookUrl);
    }

    /** Queued or delayed: its current attempt has not been handed to a worker yet. */
    public boolean isWaiting() {
        return state == JobState.QUEUED || state == JobState.DELAYED;
    }
}
