package dev.jobhub.api.job;

import dev.jobhub.api.dispatch.ProjectionLag;
import dev.jobhub.api.lifecycle.JobOutcomes;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.api.lifecycle.JobTransitions;
import dev.jobhub.api.lifecycle.JobTransitions.EventOutcome;
import dev.jobhub.api.lifecycle.JobUpdate;
import dev.jobhub.api.lifecycle.LifecycleSettings;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the job record current from {@code jobs.events}, one transaction per event: the job's row is locked
 * ({@code FOR UPDATE}), {@link JobTransitions} decides from the row and the event, and the row (plus any outbox
 * message the change implies) is written. A duplicate, an event of a superseded attempt, one not newer by
 * (attempt, sequence), or one of the attempt that already ended the job changes nothing, whatever the delivery
 * order.
 *
 * <ul>
 * <li>{@code job.started} / {@code job.progress}: active, worker and heartbeat recorded;</li>
 * <li>{@code job.retrying}: the attempt's error appended to attempt_errors, the job waits in {@code retrying}
 * until run_at = now + the job's backoff (at once for {@code worker_shutdown} and {@code stalled}), when the
 * dispatcher starts the next attempt; a job whose user asked to cancel it ends {@code cancelled} instead;</li>
 * <li>{@code job.failed} (always final): failed, with the error's fingerprint, and a dead letter;</li>
 * <li>{@code job.completed}, {@code job.cancelled}: final.</li>
 * </ul>
 */
@ApplicationScoped
public class JobEventProjection {

    /** Failures that are the platform's, not the job's: retried at once, without backoff. */
    private static final Set<String> RETRY_AT_ONCE = Set.of("worker_shutdown", "stalled");
    private static final String QUEUED_TYPE = JobEventType.QUEUED.wireName();

    private final Pool pool;
    private final JobOutcomes outcomes;
    private final LifecycleSettings settings;
    private final OutboxRelay relay;
    private final Outbox outbox;
    private final ProjectionLag lag;
    private final int attemptsBeforeDeadLetter;

    public JobEventProjection(Pool pool, JobOutcomes outcomes, LifecycleSettings settings, OutboxRelay relay,
            Outbox outbox, ProjectionLag lag,
            @ConfigProperty(name = "jobhub.projection.attempts-before-dead-letter") int attemptsBeforeDeadLetter) {
        this.lag = lag;
        this.outbox = outbox;
        this.attemptsBeforeDeadLetter = attemptsBeforeDeadLetter;
        this.pool = pool;
        this.outcomes = outcomes;
        this.settings = settings;
        this.relay = relay;
    }

    /**
     * One poll's worth of events. The record is acknowledged (its offset may be committed) only once the batch's
     * effects are committed: a crash at any moment leaves the events to be applied again, which changes nothing for
     * those already applied.
     */
    @Incoming("job-events")
    public Uni<Void> onEvents(KafkaRecordBatch<String, byte[]> batch) {
        List<JobEvent> events = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            JobEvent event = decode(record);
            if (event != null) {
                events.add(event);
            }
        }
        // a database outage stalls the projection (the batch stays unacknowledged) instead of losing events; an
        // event the database refuses while it is up is set aside after bounded retries instead of stalling its partition
        return applyOrSetAside(events)
                .onFailure().invoke(e -> Log.warnf("cannot apply %d job events yet: %s", events.size(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(() -> batch.getRecords().forEach(record -> record
                        .getMetadata(IncomingKafkaRecordMetadata.class)
                        .ifPresent(at -> lag.applied(at.getTopic(), at.getPartition(), at.getOffset()))))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> applyOrSetAside(List<JobEvent> events) {
        return applyAll(events)
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(attemptsBeforeDeadLetter)
                .onFailure().recoverWithUni(failure -> databaseUp().chain(up -> up ? setAsideUnappliable(events)
                        : Uni.createFrom().failure(failure)));
    }

    /** Applies the events one at a time; those that still fail go to {@link Topics#EVENTS_DEAD_LETTER}. */
    private Uni<Void> setAsideUnappliable(List<JobEvent> events) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (JobEvent event : events) {
            done = done.chain(() -> applyAll(List.of(event)).onFailure().recoverWithUni(failure -> {
                Log.errorf("%s %s of job %s cannot be applied (%s): set aside on %s", event.type().wireName(),
                        event.id(), event.jobId(), failure.getMessage(), Topics.EVENTS_DEAD_LETTER);
                return pool.withTransaction(connection -> outbox.append(connection, Topics.EVENTS_DEAD_LETTER, event))
                        .invoke(relay::wakeUp);
            }));
        }
        return done;
    }

    private Uni<Boolean> databaseUp() {
        return pool.query("SELECT 1").execute().map(rows -> true).onFailure().recoverWithItem(false);
    }

    /**
     * The event of a record, or null for one to skip: api-service's own job.queued (already on the record when it was
     * written; told by its CloudEvents type without decoding) and anything that is not a job event.
     */
    private static JobEvent decode(KafkaRecord<String, byte[]> record) {
        Header type = record.getHeaders().lastHeader(CloudEventHeaders.TYPE);
        if (type != null && QUEUED_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        try {
            return JobJsonCodec.fromBytes(record.getPayload(), JobEvent.class);
        } catch (IllegalArgumentException e) {
            Log.warnf("skipping a record on jobs.events that is not a job event: %s", e.getMessage());
            return null;
        }
    }

    /**
     * Applies a batch: the jobs whose events only move them forward (started, progress, completed, cancelled) with
     * one statement ({@link JobEventBatch}), the others (a failed attempt, which computes backoff, dead-letters or
     * cancels instead) event by event in their order, as before.
     */
    Uni<Void> applyAll(List<JobEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JobEventBatch batch = JobEventBatch.of(events);
        Uni<Void> applied = batch.simple().isEmpty() ? Uni.createFrom().voidItem()
                : pool.withTransaction(connection -> batch.apply(connection));
        for (JobEvent event : batch.oneByOne()) {
            applied = applied.chain(() -> apply(event).replaceWithVoid());
        }
        return applied.invoke(() -> {
            if (batch.endsAJob()) {
                // a final state may have written to the outbox (a document's outcome, through its trigger)
                relay.wakeUp();
            }
        });
    }

    /** Applies one event in its own transaction. @return what was done with it */
    Uni<EventOutcome> apply(JobEvent event) {
        return pool.withTransaction(connection -> JobRow.lock(connection, event.jobId()).flatMap(job -> {
            if (job == null) {
                Log.debugf("%s of unknown job %s ignored", event.type().wireName(), event.jobId());
                return Uni.createFrom().item(EventOutcome.STALE);
            }
            EventOutcome outcome = JobTransitions.onEvent(job, event);
            Uni<Void> written = switch (outcome) {
                case APPLY -> applyEvent(connection, job, event);
                case CANCEL_INSTEAD -> cancelInsteadOfRetry(connection, job, event);
                default -> {
                    Log.debugf("%s of job %s (attempt %d, sequence %d) ignored: %s; job is %s at attempt %d, sequence %d",
                            event.type().wireName(), event.jobId(), event.attempt(), event.sequence(), outcome,
                            job.state().wireName(), job.attempt(), job.lastSequence());
                    yield Uni.createFrom().voidItem();
                }
            };
            return written.replaceWith(outcome);
        })).invoke(outcome -> {
            if (outcome == EventOutcome.CANCEL_INSTEAD
                    || (outcome == EventOutcome.APPLY && event.type() == JobEventType.FAILED)) {
                relay.wakeUp();
            }
        });
    }

    private Uni<Void> applyEvent(SqlConnection connection, JobRow job, JobEvent event) {
        JobUpdate update = JobUpdate.of(job.id())
                .state(job.state(), event.type().resultingState())
                .set("attempt", event.attempt())
                .set("last_sequence", event.sequence());
        switch (event.type()) {
            case STARTED, PROGRESS -> {
                update.setNow("heartbeat_at").setIfNull("started_at", event.occurredAt());
                if (event.workerId() != null) {
                    update.set("worker_id", event.workerId());
                }
                if (event.progress() != null) {
                    update.setJson("progress", event.progress());
                }
            }
            case COMPLETED -> update.setJson("result", event.result()).setNull("error")
                    .set("finished_at", event.occurredAt());
            case CANCELLED -> update.set("finished_at", event.occurredAt());
            case RETRYING -> {
                JobError error = errorOf(event);
                long waitMs = RETRY_AT_ONCE.contains(error.code()) ? 0 : settings.backoff(job).waitMs(event.attempt());
                update.attemptFailed(job, attemptError(event, error), error)
                        .setNowPlusMillis("run_at", waitMs)
                        .setNull("dispatched_at")
                        .setNull("heartbeat_at")
                        .setNull("worker_id");
            }
            case FAILED -> {
                JobError error = errorOf(event);
                DeadLetter.AttemptError attemptError = attemptError(event, error);
                return update.attemptFailed(job, attemptError, error)
                        .set("finished_at", event.occurredAt())
                        .execute(connection)
                        .chain(() -> outcomes.deadLetter(connection, job, event.sequence(),
                                job.attemptErrorsWith(attemptError)));
            }
            default -> throw new IllegalStateException("not a worker event: " + event.type());
        }
        return update.execute(connection);
    }

    /** The attempt failed, but the user asked to cancel the job: it is not retried, it ends cancelled. */
    private Uni<Void> cancelInsteadOfRetry(SqlConnection connection, JobRow job, JobEvent event) {
        JobError error = errorOf(event);
        return JobUpdate.of(job.id())
                .attemptFailed(job, attemptError(event, error), error)
                .set("last_sequence", event.sequence())
                .execute(connection)
                .chain(() -> outcomes.cancel(connection, job.withLastSequence(event.sequence()), job.cancelReason(),
                        null));
    }

    private static JobError errorOf(JobEvent event) {
        return event.error() != null ? event.error() : JobError.of("unknown", "the worker reported no error");
    }

    private static DeadLetter.AttemptError attemptError(JobEvent event, JobError error) {
        return new DeadLetter.AttemptError(event.attempt(), error.code(), error.message(), event.occurredAt());
    }
}
