package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.worker.control.ControlMemory;
import dev.jobhub.worker.control.JobControls;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes job commands from the three command topics, one channel per priority (all in the consumer group
 * {@code jobhub-workers}), and hands them over to the pool, each channel one record at a time:
 * <ol>
 * <li>wait for a free slot, granted by priority with aging ({@link WorkerSlots}); until then the channel takes no
 * further record, and the connector pauses its partitions;</li>
 * <li>publish {@code job.started} and wait for the broker's ack: the job is now durably this worker's;</li>
 * <li>acknowledge the command record, so its offset is committed long before a 30-minute job ends;</li>
 * <li>run the handler on the pool.</li>
 * </ol>
 * A command no worker can run (unknown type, invalid payload) fails at once, for good, without a slot; a command
 * whose attempt was cancelled on {@code jobs.control} before it arrived is reported {@code job.cancelled} without
 * starting (a dropped one is only acknowledged); a record that is not a command is logged and acknowledged, so it
 * never blocks its partition.
 */
@ApplicationScoped
public class JobIntake {

    public static final String HIGH = "job-commands-high";
    public static final String NORMAL = "job-commands-normal";
    public static final String LOW = "job-commands-low";

    private final JobAdmission admission;
    private final JobEventPublisher publisher;
    private final WorkerPool pool;
    private final JobRunner runner;
    private final JobControls controls;
    private final WorkerIdentity identity;
    private final MeterRegistry registry;

    public JobIntake(JobAdmission admission, JobEventPublisher publisher, WorkerPool pool, JobRunner runner,
            JobControls controls, WorkerIdentity identity, MeterRegistry registry) {
        this.admission = admission;
        this.publisher = publisher;
        this.pool = pool;
        this.runner = runner;
        this.controls = controls;
        this.identity = identity;
        this.registry = registry;
    }

    // The priority is the channel's (the topic the command was dispatched on), not the command's field: the topic is
    // what api-service dispatched by.

    @Incoming(HIGH)
    public Uni<Void> onHigh(Message<byte[]> record) {
        return onCommand(record, Priority.HIGH);
    }

    @Incoming(NORMAL)
    public Uni<Void> onNormal(Message<byte[]> record) {
        return onCommand(record, Priority.NORMAL);
    }

    @Incoming(LOW)
    public Uni<Void> onLow(Message<byte[]> record) {
        return onCommand(record, Priority.LOW);
    }

    private Uni<Void> onCommand(Message<byte[]> record, Priority priority) {
        try {
            return handle(record, priority);
        } catch (RuntimeException e) {
            // whatever this record is, it must not stop the channel (a failed method would nack it)
            Log.errorf(e, "skipping record %s: cannot handle it", where(record));
            count("malformed");
            return ack(record);
        }
    }

    private Uni<Void> handle(Message<byte[]> record, Priority priority) {
        JobCommand command;
        try {
            command = decode(record.getPayload());
        } catch (IllegalArgumentException e) {
            Log.warnf("skipping record %s: not a job command (%s)", where(record), e.getMessage());
            count("malformed");
            return ack(record);
        }
        if (pool.isStopping()) {
            // not acknowledged: after this instance leaves the group, another worker gets the record
            return Uni.createFrom().voidItem();
        }
        JobAttempt attempt = new JobAttempt(command, identity.id());
        Optional<ControlMemory.Remembered> controlled = controls.remembered(command);
        if (controlled.isPresent()) {
            return settleControlled(record, attempt, controlled.get());
        }
        Admission verdict = admission.admit(command);
        if (verdict instanceof Admission.Rejected rejected) {
            return reject(record, attempt, rejected);
        }
        Admission.Admitted admitted = (Admission.Admitted) verdict;
        return pool.acquireSlot(priority)
                .chain(slot -> takeOver(record, attempt, admitted, slot))
                .onFailure().recoverWithItem(e -> {
                    Log.infof("job %s left to another worker: %s", command.jobId(), e.getMessage());
                    return null;
                });
    }

    private Uni<Void> takeOver(Message<byte[]> record, JobAttempt attempt, Admission.Admitted job,
            WorkerSlots.Slot slot) {
        JobCommand command = attempt.command();
        // cancelled while it waited for the slot: it need not start
        Optional<ControlMemory.Remembered> controlled = controls.remembered(command);
        if (controlled.isPresent()) {
            slot.release();
            return settleControlled(record, attempt, controlled.get());
        }
        return publisher.publishUntilAcked(attempt.started(), pool::isStopping)
                .chain(() -> ack(record))
                .chain(() -> {
                    try {
                        pool.start(slot, attempt, () -> {
                            // a control that came while the attempt was being registered is applied here
                            controls.applyRemembered(attempt);
                            runner.run(attempt, job);
                        });
                        count("started");
                        Log.debugf("job %s (%s) attempt %d started", command.jobId(), command.jobType(),
                                command.attempt());
                        return Uni.createFrom().voidItem();
                    } catch (WorkerStoppingException e) {
                        // taken but not run: say so, so that api-service retries it without waiting for a stall
                        return publisher.publish(attempt.failed(JobRunner.shutdownError()));
                    }
                })
                .onFailure().invoke(e -> slot.release());
    }

    /** A command whose attempt was cancelled (reported cancelled, never started) or dropped (nothing published). */
    private Uni<Void> settleControlled(Message<byte[]> record, JobAttempt attempt,
            ControlMemory.Remembered remembered) {
        JobCommand command = attempt.command();
        Log.infof("job %s (%s) attempt %d not started: %s on jobs.control (%s)", command.jobId(), command.jobType(),
                command.attempt(), remembered.action().wireName(), remembered.reason());
        if (remembered.action() == JobControl.Action.DROP) {
            count("dropped");
            return ack(record);
        }
        count("cancelled");
        return publisher.publishUntilAcked(attempt.cancelled(), pool::isStopping)
                .chain(() -> ack(record))
                .onFailure().recoverWithItem(e -> {
                    Log.infof("cancellation of job %s not published, left to another worker: %s", command.jobId(),
                            e.getMessage());
                    return null;
                });
    }

    private Uni<Void> reject(Message<byte[]> record, JobAttempt attempt, Admission.Rejected rejected) {
        JobCommand command = attempt.command();
        Log.infof("job %s (%s) attempt %d rejected: %s", command.jobId(), command.jobType(), command.attempt(),
                rejected.error().message());
        count("rejected");
        return publisher.publishUntilAcked(attempt.failed(rejected.error()), pool::isStopping)
                .chain(() -> ack(record))
                .onFailure().recoverWithItem(e -> {
                    Log.infof("rejection of job %s not published, left to another worker: %s", command.jobId(),
                            e.getMessage());
                    return null;
                });
    }

    /** @throws IllegalArgumentException if the record is not a job command this worker can address events for */
    static JobCommand decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        JobCommand command = JobJsonCodec.fromBytes(value, JobCommand.class);
        if (command.jobId() == null) {
            throw new IllegalArgumentException("no jobId");
        }
        if (command.type() != null && !JobCommand.TYPE.equals(command.type())) {
            throw new IllegalArgumentException("type is '" + command.type() + "', not " + JobCommand.TYPE);
        }
        return command;
    }

    private static Uni<Void> ack(Message<byte[]> record) {
        return Uni.createFrom().completionStage(record::ack);
    }

    private static String where(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getTopic() + "-" + meta.getPartition() + "@" + meta.getOffset())
                .orElse("(unknown position)");
    }

    private void count(String outcome) {
        registry.counter("jobhub.worker.commands", "outcome", outcome).increment();
    }
}
