package dev.jobhub.notify;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/** One job of a user, as the worker would report it: events with growing sequence numbers, sent to jobs.events. */
public final class TestJobs {

    private static KafkaProducer<String, byte[]> rawProducer;

    private final JobCommand command;
    private long sequence;

    private TestJobs(JobCommand command, long sequence) {
        this.command = command;
        this.sequence = sequence;
    }

    /** A new job of {@code userId}. */
    public static TestJobs jobOf(String userId) {
        return new TestJobs(JobCommand.run(UUID.randomUUID(), userId, "sleep", Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode().put("steps", 2).put("stepMillis", 1), 1, 1, 3, null), 1);
    }

    /**
     * Another new job of the same user whose events land on the same partition of jobs.events (the default
     * partitioner hashes the key): once an event of it is processed, every event of this job sent before it has been.
     */
    public TestJobs markerOnSamePartition() {
        return markerOnSamePartition(command.userId());
    }

    /** {@link #markerOnSamePartition()} as a job of another user. */
    public TestJobs markerOnSamePartition(String userId) {
        while (true) {
            TestJobs marker = jobOf(userId);
            if (partitionOf(marker.id()) == partitionOf(id())) {
                return marker;
            }
        }
    }

    private static int partitionOf(UUID jobId) {
        int partitions = Topics.ALL.stream().filter(topic -> topic.name().equals(Topics.EVENTS)).findFirst()
                .orElseThrow().partitions();
        return Utils.toPositive(Utils.murmur2(jobId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A user name no other test uses: the database and the topic live for the whole test run. */
    public static String someUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public UUID id() {
        return command.jobId();
    }

    public String userId() {
        return command.userId();
    }

    /**
     * The same command run once more, as after a redelivery to another worker: the same attempt and the same
     * sequence numbers from the start, but new event ids.
     */
    public TestJobs duplicateRun() {
        return new TestJobs(command, command.sequence());
    }

    /**
     * The job's next attempt as api-service dispatches it (after a stall, a retry, a manual retry): its
     * {@code job.queued} comes next from {@link #queued()}, with a sequence after every event sent so far.
     */
    public TestJobs nextAttempt() {
        JobCommand next = JobCommand.run(command.jobId(), command.userId(), command.jobType(), command.priority(),
                command.payload(), sequence + 1, command.attempt() + 1, command.maxAttempts(), null);
        return new TestJobs(next, sequence);
    }

    public JobEvent queued() {
        return JobEvent.queued(command.jobId(), command.userId(), command.jobType(), ++sequence, command.attempt());
    }

    public JobEvent started() {
        return JobEvent.started(command, ++sequence, "worker-test");
    }

    public JobEvent progress(long current) {
        return JobEvent.progress(command, ++sequence, Progress.of(current, 2, "step " + current), "worker-test");
    }

    public JobEvent completed() {
        return JobEvent.completed(command, ++sequence,
                JobJsonCodec.mapper().createObjectNode().put("slept", 2), "worker-test");
    }

    public JobEvent failed(String message) {
        return JobEvent.failed(command, ++sequence, JobError.of("handler_error", message), "worker-test");
    }

    public JobEvent cancelled() {
        return JobEvent.cancelled(command, ++sequence, "worker-test");
    }

    /** Produces the event to jobs.events, keyed by job id, with its CloudEvents headers. */
    public static JobEvent send(JobEvent event) {
        TestKafka.produce(Topics.EVENTS, event.jobId().toString(), event);
        return event;
    }

    /** Produces any value to jobs.events with the given headers, e.g. a value its headers do not describe. */
    public static void sendRaw(String key, String value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            rawProducer().send(new ProducerRecord<>(Topics.EVENTS, null, key,
                    value.getBytes(StandardCharsets.UTF_8), recordHeaders)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + Topics.EVENTS + ": " + e, e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedInfra.get().kafkaBootstrap()), new StringSerializer(), new ByteArraySerializer());
        }
        return rawProducer;
    }
}
