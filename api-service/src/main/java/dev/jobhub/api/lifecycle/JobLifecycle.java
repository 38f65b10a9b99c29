package dev.jobhub.api.lifecycle;

import dev.jobhub.api.dispatch.Dispatcher;
import dev.jobhub.api.job.JobView;
import dev.jobhub.api.job.Jobs;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.JobControl;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * What a user does to a job after submitting it: cancel it ({@code DELETE /api/jobs/{id}}, alias
 * {@code POST /api/jobs/{id}/cancel}) and retry it by hand ({@code POST /api/jobs/{id}/retry}). Each is one
 * transaction on the locked row; another user's job answers 404 like a missing one, admins may act on any job.
 *
 * <ul>
 * <li>Cancel a queued, delayed or retrying job: cancelled at once (job.cancelled event, CANCEL control so a worker
 * that already holds the command does not start it): 200 with the job.</li>
 * <li>Cancel an active job: cancel_requested_at set and CANCEL sent; the job stays active until its worker reports
 * job.cancelled (or the request escalates, see {@code dispatch.CancelEscalation}): 202 with the job
 * ({@code cancelRequested: true}). Asking again changes nothing.</li>
 * <li>Cancel a completed, failed or cancelled job: 409.</li>
 * <li>Retry a failed or cancelled job: a new attempt is dispatched with a fresh budget of the job's
 * maxAttempts (BullMQ's {@code job.retry()}); error, result, finished_at and the cancellation are cleared, the
 * attempt errors are kept as history: 202 with the job. Any other state: 409.</li>
 * </ul>
 */
@ApplicationScoped
public class JobLifecycle {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final Jobs jobs;
    private final JobOutcomes outcomes;
    private final Dispatcher dispatcher;
    private final OutboxRelay relay;

    public JobLifecycle(Pool pool, Jobs jobs, JobOutcomes outcomes, Dispatcher dispatcher, OutboxRelay relay) {
        this.pool = pool;
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
        this.relay = relay;
    }

    public Uni<Response> cancel(UUID jobId, String callerId, boolean admin) {
        String reason = "cancelled by " + (admin ? "admin " : "user ") + callerId;
        return inTransaction(jobId, callerId, admin, (connection, job) -> {
            if (JobTransitions.onCancel(job.state()) == JobTransitions.CancelOutcome.CONFLICT) {
                throw ProblemException.conflict("job " + jobId + " is already " + job.state().wireName());
            }
            return cancel(connection, job, reason);
        });
    }

    /**
     * Cancels the job in the caller's transaction, so that it happens together with what the caller changes (a
     * document deleted with its job); a job already over, or gone, is left as it is. The caller wakes the relay
     * once its transaction has committed.
     */
    public Uni<Void> cancelWithin(SqlConnection connection, UUID jobId, String reason) {
        return JobRow.lock(connection, jobId).chain(job -> job == null
                || JobTransitions.onCancel(job.state()) == JobTransitions.CancelOutcome.CONFLICT
                        ? Uni.createFrom().voidItem()
                        : cancel(connection, job, reason).replaceWithVoid());
    }

    /** 200 if the job is cancelled now, 202 if its worker is asked to stop it. */
    private Uni<Integer> cancel(SqlConnection connection, JobRow job, String reason) {
        return switch (JobTransitions.onCancel(job.state())) {
            case CANCEL_NOW -> outcomes.cancel(connection, job, reason, JobControl.Action.CANCEL).replaceWith(200);
            case REQUEST -> job.cancelRequested()
                    ? Uni.createFrom().item(202)
                    : JobUpdate.of(job.id()).setNow("cancel_requested_at").set("cancel_reason", reason)
                            .execute(connection)
                            .chain(() -> outcomes.control(connection, job, JobControl.Action.CANCEL, reason))
                            .replaceWith(202);
            case CONFLICT -> throw new IllegalStateException("a final job is not cancelled");
        };
    }

    public Uni<Response> retry(UUID jobId, String callerId, boolean admin) {
        return inTransaction(jobId, callerId, admin, (connection, job) -> {
            if (!JobTransitions.canRetryManually(job.state())) {
                throw ProblemException.conflict("only a failed or cancelled job can be retried; job " + jobId
                        + " is " + job.state().wireName());
            }
            int budget = job.attemptBudget() != null ? job.attemptBudget() : job.maxAttempts();
            int attempt = job.attempt() + 1;
            int maxAttempts = attempt + budget - 1;
            return JobUpdate.of(jobId)
                    .set("attempt_budget", budget)
                    .set("max_attempts", maxAttempts)
                    .setNull("error")
                    .setNull("error_fingerprint")
                    .setNull("result")
                    .setNull("finished_at")
                    .setNull("cancel_requested_at")
                    .setNull("cancel_reason")
                    .execute(connection)
                    .chain(() -> dispatcher.dispatch(connection, job.withMaxAttempts(maxAttempts), attempt))
                    .replaceWith(202);
        }).onFailure(PgException.class).transform(e -> UNIQUE_VIOLATION.equals(((PgException) e).getSqlState())
                ? ProblemException.conflict("another job of type and singleton key of job " + jobId
                        + " is unfinished; it cannot be retried now")
                : e);
    }

    /** Locks the caller's job, runs {@code action}, then answers its status with the job as it is now. */
    private Uni<Response> inTransaction(UUID jobId, String callerId, boolean admin,
            java.util.function.BiFunction<SqlConnection, JobRow, Uni<Integer>> action) {
        return pool.withTransaction(connection -> JobRow.lock(connection, jobId).flatMap(job -> {
                    // another user's job answers exactly like a missing one: its existence is not disclosed
                    if (job == null || !(admin || job.userId().equals(callerId))) {
                        throw ProblemException.notFound("job " + jobId);
                    }
                    return action.apply(connection, job);
                }))
                .invoke(relay::wakeUp)
                .flatMap(status -> view(jobId).map(view -> Response.status(status).entity(view).build()));
    }

    /** The job as {@code GET /api/jobs/{id}} shows it. */
    private Uni<JobView> view(UUID jobId) {
        return jobs.find(jobId).map(JobView::of);
    }
}
