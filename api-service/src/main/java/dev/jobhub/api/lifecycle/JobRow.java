package dev.jobhub.api.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jobhub.api.job.JobColumns;
import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The columns of a job row that lifecycle decisions need, read with SQL (the reactive {@code Pool}) by whoever
 * holds the row's lock. Columns are read as {@link JobColumns} says, like every other read of the table.
 *
 * @param webhookUrl the per-job webhook, which every dispatch's job.queued carries; null for none
 */
public record JobRow(
        UUID id,
        String userId,
        String type,
        JobState state,
        Priority priority,
        JsonNode payload,
        int attempt,
        int maxAttempts,
        Integer attemptBudget,
        long lastSequence,
        Long timeoutMs,
        JsonNode backoff,
        Instant runAt,
        Instant dispatchedAt,
        Instant cancelRequestedAt,
        String cancelReason,
        String workerId,
        List<DeadLetter.AttemptError> attemptErrors,
        String webhookUrl) {

    /** The column list every {@code SELECT … FROM jobs j} of the lifecycle uses to read a {@link JobRow}. */
    public static final String COLUMNS = """
            j.id, j.user_id, j.type, j.state, j.priority, j.payload::text AS payload, j.attempt, j.max_attempts,
            j.attempt_budget, j.last_sequence, j.timeout_ms, j.backoff::text AS backoff, j.run_at, j.dispatched_at,
            j.cancel_requested_at, j.cancel_reason, j.worker_id, j.attempt_errors::text AS attempt_errors,
            j.webhook_url""";

    private static final String LOCK = "SELECT " + COLUMNS + " FROM jobs j WHERE j.id = $1 FOR UPDATE";

    /** Locks the job's row until the caller's transaction ends; null if there is no such job. */
    public static Uni<JobRow> lock(SqlConnection connection, UUID jobId) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    public static JobRow of(Row row) {
        return new JobRow(
                row.getUUID("id"),
                row.getString("user_id"),
                row.getString("type"),
                JobState.fromWire(row.getString("state")),
                Priority.fromWire(row.getString("priority")),
                JobColumns.json(row.getString("payload")),
                row.getInteger("attempt"),
                row.getInteger("max_attempts"),
                row.getInteger("attempt_budget"),
                row.getLong("last_sequence"),
                row.getLong("timeout_ms"),
                JobColumns.json(row.getString("backoff")),
                JobColumns.instant(row, "run_at"),
                JobColumns.instant(row, "dispatched_at"),
                JobColumns.instant(row, "cancel_requested_at"),
                row.getString("cancel_reason"),
                row.getString("worker_id"),
                attemptErrors(row.getString("attempt_errors")),
                row.getString("webhook_url"));
    }

    /** The same row after this transaction wrote an event with {@code sequence}. */
    public JobRow withLastSequence(long sequence) {
        return new JobRow(id, userId, type, state, priority, payload, attempt, maxAttempts, attemptBudget, sequence,
                timeoutMs, backoff, runAt, dispatchedAt, cancelRequestedAt, cancelReason, workerId, attemptErrors,
                webhookUrl);
    }

    /** The same row with another attempt limit (a manual retry grants a new budget). */
    public JobRow withMaxAttempts(int limit) {
        return new JobRow(id, userId, type, state, priority, payload, attempt, limit, attemptBudget, lastSequence,
                timeoutMs, backoff, runAt, dispatchedAt, cancelRequestedAt, cancelReason, workerId, attemptErrors,
                webhookUrl);
    }

    public boolean cancelRequested() {
        return cancelRequestedAt != null;
    }

    /** True if no attempt may follow the current one. */
    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }

    /** The attempt errors with {@code next} appended, as a dead letter lists them. */
    public List<DeadLetter.AttemptError> attemptErrorsWith(DeadLetter.AttemptError next) {
        List<DeadLetter.AttemptError> all = new ArrayList<>(attemptErrors);
        all.add(next);
        return all;
    }

    private static List<DeadLetter.AttemptError> attemptErrors(String text) {
        JsonNode node = JobColumns.json(text);
        List<DeadLetter.AttemptError> errors = new ArrayList<>();
        if (node instanceof ArrayNode array) {
            array.forEach(element -> errors.add(JobJsonCodec.bind(element, DeadLetter.AttemptError.class)));
        }
        return List.copyOf(errors);
    }
}
