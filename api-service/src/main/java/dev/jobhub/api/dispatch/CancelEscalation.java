package dev.jobhub.api.dispatch;

import dev.jobhub.api.lifecycle.JobOutcomes;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.model.JobError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A cancellation the worker does not acknowledge within {@code JOB_CANCEL_ESCALATION} is escalated: the job fails
 * for good with {@code cancel_timeout} (no dead letter: the user wanted it stopped) and its worker is told to DROP
 * the attempt, so whatever it still reports is ignored.
 */
@ApplicationScoped
public class CancelEscalation {

    private static final String OVERDUE = """
            SELECT %s
              FROM jobs j
            WHERE j.state = 'active'
              AND j.cancel_requested_at < now() - $1 * interval '1 millisecond'
            ORDER BY j.cancel_requested_at, j.id
            LIMIT $2
            FOR UPDATE SKIP LOCKED
            """.formatted(JobRow.COLUMNS);

    private final Pool pool;
    private final JobOutcomes outcomes;
    private final Duration escalation;
    private final int batchSize;

    public CancelEscalation(Pool pool, JobOutcomes outcomes,
            @ConfigProperty(name = "jobhub.lifecycle.cancel-escalation") Duration escalation,
            @ConfigProperty(name = "jobhub.dispatch.batch-size") int batchSize) {
        this.pool = pool;
        this.outcomes = outcomes;
        this.escalation = escalation;
        this.batchSize = batchSize;
    }

    /** @return how many cancellations were escalated */
    public Uni<Integer> sweep() {
        return LockedRows.process(pool, OVERDUE, Tuple.of(escalation.toMillis(), batchSize), (connection, job) -> {
            Log.infof("job %s: cancellation not acknowledged within %s, failing it", job.id(), escalation);
            JobError error = JobError.permanent("cancel_timeout", "the worker did not stop the job within "
                    + escalation.toSeconds() + " s of the cancellation request");
            return outcomes.failByPlatform(connection, job, error, false);
        });
    }
}
