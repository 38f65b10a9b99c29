package dev.jobhub.api.lifecycle;

import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One {@code UPDATE jobs … WHERE id = $1} of the lifecycle, built column by column, so every change of a job row
 * (projection, dispatch, stall, cancel, retry) is written the same way: the state change checked against
 * {@link JobTransitions}, {@code updated_at} and {@code version} (the row's change count, bumped by the projection's
 * batch update too) always bumped.
 * Column names are constants of the callers, never input.
 */
public final class JobUpdate {

    private final UUID jobId;
    private final List<String> assignments = new ArrayList<>();
    private final Tuple values = Tuple.tuple();

    private JobUpdate(UUID jobId) {
        this.jobId = jobId;
        values.addUUID(jobId);
    }

    public static JobUpdate of(UUID jobId) {
        return new JobUpdate(jobId);
    }

    /** Moves the job from {@code from} to {@code to}. @throws IllegalStateException if the machine forbids it */
    public JobUpdate state(JobState from, JobState to) {
        if (!JobTransitions.allowed(from, to)) {
            throw new IllegalStateException("job " + jobId + ": " + from.wireName() + " → " + to.wireName()
                    + " is not allowed");
        }
        return set("state", to.wireName());
    }

    public JobUpdate set(String column, Object value) {
        values.addValue(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        assignments.add(column + " = $" + values.size());
        return this;
    }

    /** Sets the column only if it is NULL (e.g. the first start of a job). */
    public JobUpdate setIfNull(String column, Object value) {
        values.addValue(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        assignments.add(column + " = COALESCE(" + column + ", $" + values.size() + ")");
        return this;
    }

    /** A jsonb column from a value serialised by the contract's mapper; null writes SQL NULL. */
    public JobUpdate setJson(String column, Object value) {
        values.addString(value == null ? null : JobJsonCodec.toJson(value));
        assignments.add(column + " = $" + values.size() + "::text::jsonb");
        return this;
    }

    public JobUpdate setNull(String column) {
        assignments.add(column + " = NULL");
        return this;
    }

    /** The database's clock, like every other lifecycle timestamp compared with now() in SQL. */
    public JobUpdate setNow(String column) {
        assignments.add(column + " = now()");
        return this;
    }

    public JobUpdate setNowPlusMillis(String column, long millis) {
        values.addLong(millis);
        assignments.add(column + " = now() + $" + values.size() + " * interval '1 millisecond'");
        return this;
    }

    /**
     * Records a failed attempt: appended to attempt_errors in SQL (no read of the array), and kept as the job's error
     * with its fingerprint.
     */
    public JobUpdate attemptFailed(JobRow job, DeadLetter.AttemptError attemptError, JobError error) {
        values.addString(JobJsonCodec.toJson(List.of(attemptError)));
        assignments.add("attempt_errors = attempt_errors || $" + values.size() + "::text::jsonb");
        setJson("error", error);
        return set("error_fingerprint", ErrorFingerprint.of(error.message(), error.code(), job.type()));
    }

    public Uni<Void> execute(SqlConnection connection) {
        String sql = "UPDATE jobs SET " + String.join(", ", assignments)
                + ", updated_at = now(), version = version + 1 WHERE id = $1";
        return connection.preparedQuery(sql).execute(values).replaceWithVoid();
    }

    /** The entry of attempt_errors for an attempt that failed now. */
    public static DeadLetter.AttemptError attemptError(int attempt, JobError error) {
        return new DeadLetter.AttemptError(attempt, error.code(), error.message(), Instant.now());
    }
}
