package dev.jobhub.api;

import static org.awaitility.Awaitility.await;

import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Plays the worker in api-service tests (there is no worker here): reads the commands and control messages
 * api-service publishes, and answers with events and heartbeats as a worker would, numbering an attempt's events
 * from its command's sequence + 1. Open it before the action whose messages it must see; close it after.
 */
public final class PlayedWorker implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WORKER = "played-worker";

    private final TopicRecording commandsHigh = TestKafka.record(Topics.COMMANDS_HIGH);
    private final TopicRecording commandsNormal = TestKafka.record(Topics.COMMANDS_NORMAL);
    private final TopicRecording control = TestKafka.record(Topics.CONTROL);
    private final TopicRecording deadLetters = TestKafka.record(Topics.DEAD_LETTER);
    private final TopicRecording events = TestKafka.record(Topics.EVENTS);
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    /** A command as read from Kafka, with the time the broker's record carries (when the relay sent it). */
    public record Received(JobCommand command, long timestamp) {
    }

    public Optional<Received> command(UUID jobId, int attempt) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(commandsNormal.raw());
        records.addAll(commandsHigh.raw());
        return records.stream()
                .map(record -> new Received(JobJsonCodec.fromBytes(record.value(), JobCommand.class), record.timestamp()))
                .filter(received -> received.command().jobId().equals(jobId) && received.command().attempt() == attempt)
                .findFirst();
    }

    public boolean hasCommand(UUID jobId, int attempt) {
        return command(jobId, attempt).isPresent();
    }

    public Received awaitCommand(UUID jobId, int attempt) {
        return await().atMost(WAIT).until(() -> command(jobId, attempt), Optional::isPresent).orElseThrow();
    }

    public List<JobControl> controls(UUID jobId) {
        return control.raw().stream().filter(record -> record.key().equals(jobId.toString()))
                .map(record -> JobJsonCodec.fromBytes(record.value(), JobControl.class)).toList();
    }

    public JobControl awaitControl(UUID jobId, JobControl.Action action) {
        return await().atMost(WAIT).until(() -> controls(jobId).stream().filter(c -> c.action() == action).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    public List<DeadLetter> deadLetters(UUID jobId) {
        return deadLetters.raw().stream().filter(record -> record.key().equals(jobId.toString()))
                .map(record -> JobJsonCodec.fromBytes(record.value(), DeadLetter.class)).toList();
    }

    public List<JobEvent> events(UUID jobId) {
        return events.eventsOf(jobId);
    }

    /** Publishes job.started for the command (sequence + 1). */
    public void start(JobCommand command) {
        publish(JobEvent.started(command, command.sequence() + 1, WORKER));
    }

    public void progress(JobCommand command, long current, long total) {
        publish(JobEvent.progress(command, command.sequence() + 1 + current, Progress.of(current, total, "step " + current),
                WORKER));
    }

    /** The attempt fails (after start): job.retrying or, on the last attempt, job.failed. */
    public void fail(JobCommand command, JobError error) {
        publish(JobEvent.attemptFailed(command, command.sequence() + 2, error, WORKER));
    }

    public void complete(JobCommand command) {
        publish(JobEvent.completed(command, command.sequence() + 2, JobJsonCodec.mapper().createObjectNode()
                .put("ok", true), WORKER));
    }

    /** Completes the attempt with {@code result}, numbered after any progress played (up to step 1000). */
    public void complete(JobCommand command, com.fasterxml.jackson.databind.JsonNode result) {
        publish(JobEvent.completed(command, command.sequence() + 1002, result, WORKER));
    }

    public void cancelled(JobCommand command) {
        publish(JobEvent.cancelled(command, command.sequence() + 2, WORKER));
    }

    public void publish(JobEvent event) {
        TestKafka.produce(Topics.EVENTS, event.jobId().toString(), event);
    }

    /** Heartbeats for the attempt every {@code every} until closed. */
    public void heartbeat(JobCommand command, Duration every) {
        heartbeats.scheduleAtFixedRate(() -> TestKafka.produce(Topics.HEARTBEATS, command.jobId().toString(),
                JobHeartbeat.of(command, WORKER)), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stopHeartbeats() {
        heartbeats.shutdownNow();
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        commandsHigh.close();
        commandsNormal.close();
        control.close();
        deadLetters.close();
        events.close();
    }
}
