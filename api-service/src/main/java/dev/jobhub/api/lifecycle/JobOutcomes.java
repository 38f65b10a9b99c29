package dev.jobhub.api.lifecycle;

import static dev.jobhub.model.JobState.CANCELLED;
import static dev.jobhub.model.JobState.FAILED;

import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The endings and messages that api-service itself decides for a job whose row the caller has locked: cancelling
 * a job no worker runs, failing a job for good (stalled too often, cancellation not acknowledged), dead letters and
 * control messages. Every event written here takes the next sequence of the job, so when it comes back through
 * {@code jobs.events} the projection sees it as already applied.
 */
@ApplicationScoped
public class JobOutcomes {

    private final Outbox outbox;

    public JobOutcomes(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Cancelled now: job.cancelled written by api-service, and {@code control} (if not null) for a worker that may
     * hold the attempt.
     */
    public Uni<Void> cancel(SqlConnection connection, JobRow job, String reason, JobControl.Action control) {
        long sequence = job.lastSequence() + 1;
        JobUpdate update = JobUpdate.of(job.id())
                .state(job.state(), CANCELLED)
                .set("last_sequence", sequence)
                .setNow("finished_at")
                .setNull("run_at")
                .set("cancel_reason", reason);
        if (!job.cancelRequested()) {
            update.setNow("cancel_requested_at");
        }
        return update.execute(connection)
                .chain(() -> outbox.append(connection, Topics.EVENTS,
                        JobEvent.cancelledWaiting(job.id(), job.userId(), job.type(), sequence, job.attempt())))
                .chain(() -> control == null ? Uni.createFrom().voidItem() : control(connection, job, control, reason));
    }

    /**
     * Failed for good by api-service's decision: the attempt's error recorded, job.failed written, the attempt's
     * worker told to drop it, and a dead letter if asked for.
     */
    public Uni<Void> failByPlatform(SqlConnection connection, JobRow job, JobError error, boolean deadLetter) {
        long sequence = job.lastSequence() + 1;
        DeadLetter.AttemptError attemptError = JobUpdate.attemptError(job.attempt(), error);
        return JobUpdate.of(job.id())
                .state(job.state(), FAILED)
                .attemptFailed(job, attemptError, error)
                .set("last_sequence", sequence)
                .setNow("finished_at")
                .setNull("run_at")
                .execute(connection)
                .chain(() -> outbox.append(connection, Topics.EVENTS, JobEvent.failedByPlatform(job.id(),
                        job.userId(), job.type(), sequence, job.attempt(), error)))
                .chain(() -> deadLetter
                        ? deadLetter(connection, job, sequence, job.attemptErrorsWith(attemptError))
                        : Uni.createFrom().voidItem())
                .chain(() -> control(connection, job, JobControl.Action.DROP, error.code()));
    }

    /**
     * Records the failure of the current attempt that api-service observed (a stall) and writes the job.retrying
     * event for it; the caller then dispatches the next attempt.
     *
     * @return the row as it is now (its new last sequence)
     */
    public Uni<JobRow> attemptFailedByPlatform(SqlConnection connection, JobRow job, JobError error) {
        long sequence = job.lastSequence() + 1;
        JobEvent retrying = new JobEvent(UUID.randomUUID(), JobEventType.RETRYING, JobEvent.VERSION, Instant.now(),
                job.id(), job.userId(), sequence, job.attempt(), job.type(), JobState.RETRYING, null, null, error,
                null, null);
        return JobUpdate.of(job.id())
                .attemptFailed(job, JobUpdate.attemptError(job.attempt(), error), error)
                .set("last_sequence", sequence)
                .execute(connection)
                .chain(() -> outbox.append(connection, Topics.EVENTS, retrying))
                .replaceWith(job.withLastSequence(sequence));
    }

    public Uni<Void> deadLetter(SqlConnection connection, JobRow job, long sequence,
            List<DeadLetter.AttemptError> errors) {
        return outbox.append(connection, Topics.DEAD_LETTER, DeadLetter.of(job.id(), job.userId(), sequence,
                job.type(), job.priority(), job.payload(), job.attempt(), job.maxAttempts(), errors));
    }

    /** A control message for the job's current attempt on {@code jobs.control}. */
    public Uni<Void> control(SqlConnection connection, JobRow job, JobControl.Action action, String reason) {
        return outbox.append(connection, Topics.CONTROL,
                JobControl.of(action, job.id(), job.userId(), job.attempt(), reason));
    }
}
