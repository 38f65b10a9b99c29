package dev.jobhub.testing;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobMessage;
import dev.jobhub.support.kafka.KafkaHeaders;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes to and reads from the test JVM's real Kafka as an independent client would. */
public final class TestKafka {

    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    /** Sends a contract message with its CloudEvents headers and waits for the broker's ack. */
    public static void produce(String topic, String key, JobMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, JobJsonCodec.toBytes(message),
                KafkaHeaders.cloudEvent(message, "/jobhub/tests"));
        send(record);
    }

    /** Sends arbitrary bytes, e.g. a malformed record. */
    public static void produceRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + record.topic() + ": " + e, e);
        }
    }

    /**
     * A producer of its own for benchmarks that send many records without waiting for each (acks=all, a short linger
     * to fill batches); close it when done.
     */
    public static KafkaProducer<String, byte[]> batchingProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts recording a topic from its current end; close the recording when done. */
    public static TopicRecording record(String topic) {
        return new TopicRecording(SharedInfra.get().kafkaBootstrap(), topic, false);
    }

    /** Records a topic from its first record on (everything it holds, then what comes). */
    public static TopicRecording recordFromBeginning(String topic) {
        return new TopicRecording(SharedInfra.get().kafkaBootstrap(), topic, true);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
