package dev.jobhub.testing;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record written to a topic after the recording started (all partitions, no consumer group), collected on a
 * thread of its own. Assert on it with Awaitility.
 */
public final class TopicRecording implements AutoCloseable {

    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;

    TopicRecording(String bootstrap, String topic, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "test-recording-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // resolve the end offsets now, so nothing written after this constructor returns is missed
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "recording-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        positioned.countDown();
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public List<ConsumerRecord<String, byte[]>> raw() {
        return List.copyOf(records);
    }

    /** The records read as JobEvents (records that are not valid JobEvents are skipped). */
    public List<JobEvent> events() {
        List<JobEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(JobJsonCodec.fromBytes(record.value(), JobEvent.class));
            } catch (IllegalArgumentException e) {
                // not an event: ignored
            }
        }
        return events;
    }

    /** The events of one job, in the order they were read. */
    public List<JobEvent> eventsOf(UUID jobId) {
        return events().stream().filter(event -> jobId.equals(event.jobId())).toList();
    }

    public List<JobCommand> commands() {
        List<JobCommand> commands = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                commands.add(JobJsonCodec.fromBytes(record.value(), JobCommand.class));
            } catch (IllegalArgumentException e) {
                // not a command: ignored
            }
        }
        return commands;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
            positioned.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
