package dev.jobhub.api.dispatch;

import static dev.jobhub.model.JobState.QUEUED;
import static dev.jobhub.model.JobState.RETRYING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.api.lifecycle.JobTransitions;
import dev.jobhub.api.lifecycle.JobUpdate;
import dev.jobhub.api.lifecycle.LifecycleSettings;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.api.outbox.Outbox.Outgoing;
import dev.jobhub.api.queue.Queues;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a job that may run into the command of an attempt: in the caller's transaction the row becomes
 * {@code queued} with {@code dispatched_at = now}, its {@code last_sequence} grows by one for the attempt's
 * {@code job.queued} event, and the outbox gets that event, then the {@code job.run} command (sequence = the new
 * last_sequence, timeoutMs always filled). A job whose priority's queue is paused is parked instead: queued with
 * {@code dispatched_at = NULL}, and nothing is published until the queue resumes.
 *
 * <p>Every path that starts an attempt comes here: the dispatcher's rounds (delayed and retrying jobs when due,
 * parked jobs of unpaused queues), stall recovery, manual retry, and the inline dispatch of a submission.
 */
@ApplicationScoped
public class Dispatcher {

    private static final String DUE = """
            SELECT %s
              FROM jobs j
             WHERE ((j.state IN ('delayed', 'retrying') AND j.run_at <= now())
                    OR (j.state = 'queued' AND j.dispatched_at IS NULL))
               AND %s
             ORDER BY COALESCE(j.run_at, j.created_at), j.id
             LIMIT $1
               FOR UPDATE OF j SKIP LOCKED
            """.formatted(JobRow.COLUMNS, Queues.NOT_PAUSED);

    private final Pool pool;
    private final Outbox outbox;
    private final LifecycleSettings settings;
    private final int batchSize;

    public Dispatcher(Pool pool, Outbox outbox, LifecycleSettings settings,
            @ConfigProperty(name = "jobhub.dispatch.batch-size") int batchSize) {
        this.pool = pool;
        this.outbox = outbox;
        this.settings = settings;
        this.batchSize = batchSize;
    }

    /**
     * Dispatches the job if it may run now (queued and not dispatched, or delayed/retrying and due); a retrying
     * job goes on to its next attempt. For callers holding a Vert.x SQL transaction, e.g. a submission written with
     * SQL: insert the row ({@code queued}, {@code dispatched_at NULL}, {@code last_sequence 0}), then call this.
     *
     * @return true if a command was written, false if the job was parked (paused queue) or is not due
     */
    public Uni<Boolean> dispatch(SqlConnection connection, UUID jobId) {
        return JobRow.lock(connection, jobId).flatMap(job -> {
            if (job == null || !isDue(job)) {
                return Uni.createFrom().item(false);
            }
            return dispatch(connection, job, job.state() == RETRYING ? job.attempt() + 1 : job.attempt());
        });
    }

    /**
     * Starts {@code attempt} of a job whose row the caller has locked (and perhaps already changed in this
     * transaction, which {@code job} must reflect): an attempt above {@code job.attempt()} is a new attempt, and
     * events of the old one are stale from now on.
     *
     * @return true if a command was written, false if the job was parked because its queue is paused
     */
    public Uni<Boolean> dispatch(SqlConnection connection, JobRow job, int attempt) {
        return Queues.isPaused(connection, job.priority()).flatMap(paused -> {
            JobUpdate update = JobUpdate.of(job.id())
                    .state(job.state(), QUEUED)
                    .set("attempt", attempt)
                    .setNull("run_at")
                    .setNull("heartbeat_at")
                    .setNull("worker_id");
            if (attempt != job.attempt()) {
                update.setNull("progress");
            }
            if (paused) {
                return update.setNull("dispatched_at").execute(connection).replaceWith(false);
            }
            long sequence = job.lastSequence() + 1;
            update.setNow("dispatched_at").set("last_sequence", sequence);
            List<Outgoing> messages = messages(job.id(), job.userId(), job.type(), job.priority(), job.payload(),
                    sequence, attempt, job.maxAttempts(), job.timeoutMs(), job.webhookUrl());
            Uni<Void> written = update.execute(connection);
            for (Outgoing message : messages) {
                written = written.chain(() -> outbox.append(connection, message.topic(), message.message()));
            }
            return written.replaceWith(true);
        });
    }

    /**
     * What a dispatch publishes: the attempt's job.queued event, then its command. Every attempt's job.queued carries
     * the job's webhook, so the notifier learns it whichever of them it reads first (it keeps the first).
     *
     * @param webhookUrl the job's per-job webhook, or null
     */
    public List<Outgoing> messages(UUID jobId, String userId, String jobType, Priority priority, JsonNode payload,
            long sequence, int attempt, int maxAttempts, Long timeoutMs, String webhookUrl) {
        JobEvent queued = JobEvent.queued(jobId, userId, jobType, sequence, attempt, webhookUrl);
        JobCommand command = JobCommand.run(jobId, userId, jobType, priority, payload, sequence, attempt, maxAttempts,
                settings.timeoutMs(timeoutMs));
        return List.of(new Outgoing(Topics.EVENTS, queued), new Outgoing(priority.commandTopic(), command));
    }

    /** One round: dispatches a batch of due jobs in one transaction. @return how many jobs were dispatched */
    public Uni<Integer> dispatchDue() {
        return LockedRows.process(pool, DUE, Tuple.of(batchSize), (connection, job) -> dispatch(connection, job,
                job.state() == RETRYING ? job.attempt() + 1 : job.attempt()).replaceWithVoid());
    }

    public int batchSize() {
        return batchSize;
    }

    private static boolean isDue(JobRow job) {
        JobState state = job.state();
        if (!JobTransitions.canDispatch(state)) {
            return false;
        }
        if (state == QUEUED) {
            return job.dispatchedAt() == null;
        }
        return job.runAt() == null || !job.runAt().isAfter(Instant.now());
    }
}
