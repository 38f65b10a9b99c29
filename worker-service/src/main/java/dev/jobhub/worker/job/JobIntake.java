package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.worker.control.ControlMemory;
import dev.jobhub.worker.control.JobControls;
import dev.jobhub.worker.fence.AttemptFences;
import dev.jobhub.worker.fence.AttemptKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes job commands from the three command topics, one channel per priority (all in the consumer group
 * {@code jobhub-workers}), a poll's worth of records (a batch) at a time per channel, on the intake's own threads
 * (the work blocks: the database and the broker's acknowledgements):
 * <ol>
 * <li>decode every record; settle at once those that will not run here: not a command (skipped), cancelled or
 * dropped on {@code jobs.control} before they came, rejected (unknown type, invalid payload);</li>
 * <li>ask for a slot per command (by priority with aging, {@link WorkerSlots}), so that each has its place in the
 * queue at once;</li>
 * <li>skip the commands whose attempt is already fenced (one SELECT for the batch; their place is given back): it
 * has started or finished on some worker, and runs no second time;</li>
 * <li>the commands that have a slot form a wave, the others go on waiting;</li>
 * <li>per wave: send every {@code job.started} without awaiting each, await them together (acks=all), write the
 * fence (one INSERT … ON CONFLICT DO NOTHING RETURNING for the wave) and run the commands the fence says are this
 * worker's;</li>
 * <li>once every command of the batch has been taken or settled, acknowledge the batch.</li>
 * </ol>
 * The channel takes its next batch only after that, so the worker holds at most a batch (plus the one the connector
 * fetched ahead) per channel beyond its running jobs; the connector pauses the partitions meanwhile.
 *
 * <p>Why this order loses no job and completes no attempt twice, whatever step a crash interrupts (the records of
 * a batch not yet acknowledged are delivered again, to this or another worker):
 * <ul>
 * <li>before {@code job.started} is on the broker: nothing happened; the command runs when delivered again;</li>
 * <li>between {@code job.started} and the fence: the attempt never ran and is not fenced; delivered again it is
 * started again (the same sequence: the projection keeps one) and runs once;</li>
 * <li>after the fence (whether the job began to run or the batch was acknowledged): the command delivered again is
 * skipped; the attempt is active for api-service and has no heartbeat, so its stall detection dispatches it again
 * as the next attempt. An attempt is never run twice, a job is never lost.</li>
 * </ul>
 * The fence is written after {@code job.started} and not before: a fence without {@code job.started} (a crash in
 * between) would skip a command that api-service still sees queued, and nothing would ever run it. Two workers
 * holding the same command (a rebalance) may both send {@code job.started}; the fence lets only one of them run it.
 * A job may start before its batch is acknowledged: the acknowledgement only moves the committed offset, the fence
 * is what keeps a delivered-again command from running.
 */
@ApplicationScoped
public class JobIntake {

    public static final String HIGH = "job-commands-high";
    public static final String NORMAL = "job-commands-normal";
    public static final String LOW = "job-commands-low";

    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final JobAdmission admission;
    private final JobEventPublisher publisher;
    private final WorkerPool pool;
    private final JobRunner runner;
    private final JobControls controls;
    private final WorkerIdentity identity;
    private final AttemptFences fences;
    private final MeterRegistry registry;
    private final Set<CommandBatch> inProgress = ConcurrentHashMap.newKeySet();
    // one thread per channel: a channel works on one batch at a time
    private final ExecutorService threads;

    public JobIntake(JobAdmission admission, JobEventPublisher publisher, WorkerPool pool, JobRunner runner,
            JobControls controls, WorkerIdentity identity, AttemptFences fences, MeterRegistry registry) {
        this.admission = admission;
        this.publisher = publisher;
        this.pool = pool;
        this.runner = runner;
        this.controls = controls;
        this.identity = identity;
        this.fences = fences;
        this.registry = registry;
        this.threads = Executors.newFixedThreadPool(3, DaemonThreads.named("command-intake", true));
    }

    // The priority is the channel's (the topic the command was dispatched on), not the command's field: the topic is
    // what api-service dispatched by.

    @Incoming(HIGH)
    public Uni<Void> onHigh(KafkaRecordBatch<String, byte[]> batch) {
        return take(batch, Priority.HIGH);
    }

    @Incoming(NORMAL)
    public Uni<Void> onNormal(KafkaRecordBatch<String, byte[]> batch) {
        return take(batch, Priority.NORMAL);
    }

    @Incoming(LOW)
    public Uni<Void> onLow(KafkaRecordBatch<String, byte[]> batch) {
        return take(batch, Priority.LOW);
    }

    private Uni<Void> take(KafkaRecordBatch<String, byte[]> records, Priority priority) {
        return Uni.createFrom().<Void>item(() -> {
            CommandBatch batch = new CommandBatch(records);
            inProgress.add(batch);
            try {
                process(batch, priority);
            } catch (RuntimeException e) {
                // never fails the channel (that would stop it); the batch stays unacknowledged, so its commands are
                // delivered again after the next rebalance, and those already taken are skipped by their fence
                Log.errorf(e, "a batch of %d command(s) on %s was not taken whole", batch.records().size(),
                        priority.commandTopic());
            } finally {
                inProgress.remove(batch);
            }
            return null;
        }).runSubscriptionOn(threads);
    }

    /** A command this worker may run, with the record it came in. */
    private record Candidate(KafkaRecord<String, byte[]> record, JobAttempt attempt, Admission.Admitted job) {
        TopicPartition partition() {
            return CommandBatch.partitionOf(record);
        }

        AttemptKey key() {
            return AttemptKey.of(attempt.command());
        }
    }

    /** A command and its request for a slot. */
    private record Request(Candidate command, CompletableFuture<WorkerSlots.Slot> slot) {
    }

    /** A command with its slot, about to start. */
    private record Taken(Candidate command, WorkerSlots.Slot slot) {
    }

    private void process(CommandBatch batch, Priority priority) {
        if (pool.isStopping()) {
            // not acknowledged: after this instance leaves the group, another worker gets the records
            return;
        }
        List<Candidate> admitted = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.records()) {
            admit(batch, record).ifPresent(admitted::add);
        }
        // every command takes its place in the slot queue at once, so that checking the fence costs it no rank
        List<Request> pending = new ArrayList<>();
        for (Candidate command : admitted) {
            pending.add(new Request(command, batch.waitFor(command.partition(), pool.requestSlot(priority))));
        }
        boolean taken = false;
        try {
            taken = withoutFenced(pending) && takeSlots(batch, pending);
        } finally {
            if (!taken) {
                pending.forEach(request -> giveBack(request.slot()));
            }
        }
        if (taken) {
            batch.acknowledge();
        }
    }

    /** The record's command if it may run here; otherwise it is settled (skipped, reported) and empty. */
    private Optional<Candidate> admit(CommandBatch batch, KafkaRecord<String, byte[]> record) {
        JobCommand command;
        try {
            command = decode(record.getPayload());
        } catch (IllegalArgumentException e) {
            Log.warnf("skipping record %s: not a job command (%s)", where(record), e.getMessage());
            count("malformed");
            return Optional.empty();
        }
        JobAttempt attempt = new JobAttempt(command, identity.id());
        Optional<ControlMemory.Remembered> controlled = controls.remembered(command);
        if (controlled.isPresent()) {
            settleControlled(batch, attempt, controlled.get());
            return Optional.empty();
        }
        Admission verdict = admission.admit(command);
        if (verdict instanceof Admission.Rejected rejected) {
            Log.infof("job %s (%s) attempt %d rejected: %s", command.jobId(), command.jobType(), command.attempt(),
                    rejected.error().message());
            count("rejected");
            batch.settleBeforeAck(send(attempt.failed(rejected.error())));
            return Optional.empty();
        }
        return Optional.of(new Candidate(record, attempt, (Admission.Admitted) verdict));
    }

    /**
     * Removes the commands whose attempt some worker has already taken (and those repeated within the batch), giving
     * back their slot requests.
     *
     * @return false if the worker stopped meanwhile
     */
    private boolean withoutFenced(List<Request> pending) {
        if (pending.isEmpty()) {
            return true;
        }
        Set<AttemptKey> taken = untilDone("check the attempt fences",
                () -> fences.taken(pending.stream().map(request -> request.command().key()).toList()));
        if (taken == null) {
            return false;
        }
        Set<AttemptKey> seen = new HashSet<>(taken);
        pending.removeIf(request -> {
            if (seen.add(request.command().key())) {
                return false;
            }
            giveBack(request.slot());
            skipFenced(request.command());
            return true;
        });
        return true;
    }

    /**
     * Starts the commands in waves, as their slots come; removes each from {@code pending} once it is taken or
     * dropped.
     *
     * @return false if the worker stopped meanwhile (the batch must not be acknowledged)
     */
    private boolean takeSlots(CommandBatch batch, List<Request> pending) {
        while (!pending.isEmpty()) {
            awaitAny(pending.stream().map(Request::slot).toList());
            List<Taken> wave = new ArrayList<>();
            boolean stopping = false;
            Iterator<Request> requests = pending.iterator();
            while (requests.hasNext()) {
                Request request = requests.next();
                CompletableFuture<WorkerSlots.Slot> slot = request.slot();
                if (!slot.isDone()) {
                    continue;
                }
                if (slot.isCancelled()) {
                    // its partition was revoked while it waited: the partition's new owner runs it
                    requests.remove();
                    count("revoked");
                    Log.debugf("job %s left to the new owner of %s", request.command().attempt().jobId(),
                            request.command().partition());
                } else if (slot.isCompletedExceptionally()) {
                    stopping = true;
                } else {
                    requests.remove();
                    grant(batch, request.command(), slot.join()).ifPresent(wave::add);
                }
            }
            if (stopping || !start(batch, wave)) {
                wave.forEach(taken -> taken.slot().release());
                return false;
            }
        }
        return true;
    }

    /** Withdraws a slot request, or gives the slot back if it was granted already. */
    private static void giveBack(CompletableFuture<WorkerSlots.Slot> request) {
        if (!request.cancel(false) && !request.isCompletedExceptionally()) {
            request.join().release();
        }
    }

    /** The command with its slot, unless it was cancelled or its partition revoked while it waited. */
    private Optional<Taken> grant(CommandBatch batch, Candidate command, WorkerSlots.Slot slot) {
        Optional<ControlMemory.Remembered> controlled = controls.remembered(command.attempt().command());
        if (controlled.isPresent()) {
            // cancelled while it waited for the slot: it need not start
            slot.release();
            settleControlled(batch, command.attempt(), controlled.get());
            return Optional.empty();
        }
        if (batch.isRevoked(command.partition())) {
            slot.release();
            count("revoked");
            return Optional.empty();
        }
        return Optional.of(new Taken(command, slot));
    }

    /**
     * Sends the wave's {@code job.started} events together, fences the wave, runs what is this worker's.
     *
     * @return false if the worker stopped before the wave was fenced (its slots are then released by the caller)
     */
    private boolean start(CommandBatch batch, List<Taken> wave) {
        if (wave.isEmpty()) {
            return true;
        }
        List<CompletableFuture<Void>> started = wave.stream()
                .map(taken -> send(taken.command().attempt().started()))
                .toList();
        if (!awaitAll(started)) {
            Log.infof("%d job(s) left to another worker: the worker stopped before their start was on the broker",
                    wave.size());
            return false;
        }
        Set<AttemptKey> won = untilDone("fence the started attempts",
                () -> fences.take(wave.stream().map(taken -> taken.command().key()).toList(), identity.id()));
        if (won == null) {
            return false;
        }
        for (Taken taken : wave) {
            if (won.contains(taken.command().key())) {
                run(batch, taken);
            } else {
                taken.slot().release();
                skipFenced(taken.command());
            }
        }
        return true;
    }

    private void run(CommandBatch batch, Taken taken) {
        JobAttempt attempt = taken.command().attempt();
        JobCommand command = attempt.command();
        try {
            pool.start(taken.slot(), attempt, () -> {
                // a control that came while the attempt was being registered is applied here
                controls.applyRemembered(attempt);
                runner.run(attempt, taken.command().job());
            });
            count("started");
            Log.debugf("job %s (%s) attempt %d started", command.jobId(), command.jobType(), command.attempt());
        } catch (WorkerStoppingException e) {
            // taken but not run: say so, so that api-service retries it without waiting for a stall
            batch.settleBeforeAck(send(attempt.failed(JobRunner.shutdownError())));
        }
    }

    private void skipFenced(Candidate command) {
        JobCommand job = command.attempt().command();
        count("fenced");
        Log.infof("job %s (%s) attempt %d skipped: that attempt has already been taken", job.jobId(),
                job.jobType(), job.attempt());
    }

    /** A command whose attempt was cancelled (reported cancelled, never started) or dropped (nothing published). */
    private void settleControlled(CommandBatch batch, JobAttempt attempt, ControlMemory.Remembered remembered) {
        JobCommand command = attempt.command();
        Log.infof("job %s (%s) attempt %d not started: %s on jobs.control (%s)", command.jobId(), command.jobType(),
                command.attempt(), remembered.action().wireName(), remembered.reason());
        if (remembered.action() == JobControl.Action.DROP) {
            count("dropped");
            return;
        }
        count("cancelled");
        batch.settleBeforeAck(send(attempt.cancelled()));
    }

    /** Sends an event the worker depends on until the broker has it (or the worker stops), without waiting. */
    private CompletableFuture<Void> send(JobEvent event) {
        return publisher.publishUntilAcked(event, pool::isStopping).subscribeAsCompletionStage();
    }

    /** The partitions were revoked (or lost): commands of theirs waiting for a slot are dropped, not started. */
    public void revoked(Collection<TopicPartition> partitions) {
        inProgress.forEach(batch -> batch.revoke(partitions));
    }

    /** Waits for all of them; false if any failed. */
    static boolean awaitAll(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            return true;
        } catch (CompletionException | CancellationException e) {
            return false;
        }
    }

    private static void awaitAny(List<CompletableFuture<WorkerSlots.Slot>> futures) {
        try {
            CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException | CancellationException e) {
            // the caller looks at each request
        }
    }

    @FunctionalInterface
    private interface Statement<T> {
        T execute() throws SQLException;
    }

    /**
     * Runs a fence statement until it succeeds (the database may be away for a while: the commands wait, they are
     * not run unfenced), or returns null once the worker is stopping.
     */
    private <T> T untilDone(String what, Statement<T> statement) {
        Duration backoff = RETRY_MIN;
        while (!pool.isStopping()) {
            try {
                return statement.execute();
            } catch (SQLException | RuntimeException e) {
                Log.warnf("cannot %s yet, retrying in %d ms: %s", what, backoff.toMillis(), e.getMessage());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            backoff = backoff.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : backoff.multipliedBy(2);
        }
        return null;
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

    private static String where(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getTopic() + "-" + meta.getPartition() + "@" + meta.getOffset())
                .orElse(record.getTopic() + "-" + record.getPartition());
    }

    private void count(String outcome) {
        registry.counter("jobhub.worker.commands", "outcome", outcome).increment();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        // no interrupts: the intake threads end once the pool's slots are closed
        threads.shutdown();
    }
}
