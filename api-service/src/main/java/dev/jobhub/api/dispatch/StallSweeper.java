package dev.jobhub.api.dispatch;

import dev.jobhub.api.lifecycle.JobOutcomes;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Recovers jobs whose worker went silent. An active job whose last sign of life (heartbeat, else start, else
 * dispatch) is older than {@code JOB_STALL_TIMEOUT} has its attempt counted as failed with code {@code stalled};
 * it is re-dispatched at once as a new attempt (no backoff) if attempts remain, else failed for good with a dead
 * letter. Its old attempt gets a DROP, in case the worker is only cut off and still running it; events of that
 * attempt are stale anyway once the row's attempt has moved on. A stalled job whose user asked to cancel it ends
 * cancelled rather than being run again.
 *
 * <p>A healthy long job is never touched: only heartbeats count, not how long the job runs.
 */
@ApplicationScoped
public class StallSweeper {

    private static final String STALLED = """
            SELECT %s
              FROM jobs j
            WHERE j.state = 'active'
              AND COALESCE(j.heartbeat_at, j.started_at, j.dispatched_at) < now() - $1 * interval '1 millisecond'
            ORDER BY j.heartbeat_at NULLS FIRST, j.id
            LIMIT $2
            FOR UPDATE SKIP LOCKED
            """.formatted(JobRow.COLUMNS);

    private final Pool pool;
    private final Dispatcher dispatcher;
    private final JobOutcomes outcomes;
    private final Duration stallTimeout;
    private final ProjectionLag projection;

    public StallSweeper(Pool pool, Dispatcher dispatcher, JobOutcomes outcomes, ProjectionLag projection,
            @ConfigProperty(name = "jobhub.lifecycle.stall-timeout") Duration stallTimeout) {
        this.projection = projection;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.outcomes = outcomes;
        this.stallTimeout = stallTimeout;
    }

    /**
     * One sweep over a batch of stalled jobs, once this replica's projection has caught up (see {@link ProjectionLag}).
     * @return how many were recovered
     */
    public Uni<Integer> sweep() {
        return projection.caughtUp().chain(caughtUp -> {
            if (!caughtUp) {
                Log.debug("stall sweep skipped: the projection of jobs.events has not caught up");
                return Uni.createFrom().item(0);
            }
            return LockedRows.process(pool, STALLED, Tuple.of(stallTimeout.toMillis(), dispatcher.batchSize()),
                    this::recover);
        });
    }

    private Uni<Void> recover(SqlConnection connection, JobRow job) {
        String worker = job.workerId() == null ? "its worker" : "worker " + job.workerId();
        JobError error = JobError.of("stalled", "no heartbeat from " + worker + " for more than "
                + stallTimeout.toSeconds() + " s (attempt " + job.attempt() + ")");
        if (job.cancelRequested()) {
            Log.infof("job %s stalled with a cancellation pending: cancelled", job.id());
            return outcomes.cancel(connection, job, job.cancelReason(), JobControl.Action.DROP);
        }
        if (job.lastAttempt()) {
            Log.infof("job %s stalled on its last attempt %d: failed", job.id(), job.attempt());
            return outcomes.failByPlatform(connection, job, error, true);
        }
        Log.infof("job %s stalled on attempt %d: dispatching attempt %d", job.id(), job.attempt(), job.attempt() + 1);
        return outcomes.control(connection, job, JobControl.Action.DROP, error.code())
                .chain(() -> outcomes.attemptFailedByPlatform(connection, job, error))
                .chain(updated -> dispatcher.dispatch(connection, updated, updated.attempt() + 1))
                .replaceWithVoid();
    }
}
