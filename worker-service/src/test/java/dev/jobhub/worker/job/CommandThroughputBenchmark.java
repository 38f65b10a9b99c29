package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.support.kafka.KafkaHeaders;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * How many no-op jobs one worker moves: 5,000 {@code sleep} commands (1 step of 0 ms) written straight to
 * {@code jobs.commands.normal}, timed from the first write until their 5,000 {@code job.completed} events are on
 * {@code jobs.events}. The worker runs with the production concurrency (not the tests' 4), or
 * {@code -Djobhub.bench.concurrency=N}. It fails only if a job did not complete exactly once.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
@TestProfile(CommandThroughputBenchmark.ProductionSlots.class)
class CommandThroughputBenchmark {

    private static final int JOBS = Integer.getInteger("jobhub.bench.jobs", 5_000);

    public static class ProductionSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobhub.worker.concurrency", System.getProperty("jobhub.bench.concurrency", "64"));
        }
    }

    @Test
    void movesFiveThousandNoOpJobs() {
        warmUp();
        List<JobCommand> commands = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            commands.add(JobCommands.sleep(1, 0, null));
        }
        try (TopicRecording events = TestKafka.record(Topics.EVENTS);
                KafkaProducer<String, byte[]> producer = TestKafka.batchingProducer()) {
            String loadBefore = loadAverage();
            long began = System.nanoTime();
            commands.forEach(command -> producer.send(new ProducerRecord<>(Priority.NORMAL.commandTopic(), null,
                    command.jobId().toString(), JobJsonCodec.toBytes(command),
                    KafkaHeaders.cloudEvent(command, "/jobhub/benchmark"))));
            producer.flush();
            double written = seconds(began);

            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> completions(events).size() >= JOBS);
            double drained = seconds(began);

            System.out.printf("%n[benchmark] %d no-op jobs: written in %.2f s, all completed after %.2f s: %.0f jobs/s"
                    + " (worker concurrency %d; load average before %s, after %s)%n%n", JOBS, written, drained,
                    JOBS / drained, Integer.getInteger("jobhub.bench.concurrency", 64), loadBefore, loadAverage());
            Map<String, Long> perJob = completions(events).stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(perJob).hasSize(JOBS);
            assertThat(perJob.values()).as("each job completed once").containsOnly(1L);
            assertThat(perJob.keySet()).containsExactlyInAnyOrderElementsOf(
                    commands.stream().map(command -> command.jobId().toString()).toList());
        }
    }

    /** A few hundred jobs first, so that the figures are not the JIT's. */
    private static void warmUp() {
        try (TopicRecording events = TestKafka.record(Topics.EVENTS);
                KafkaProducer<String, byte[]> producer = TestKafka.batchingProducer()) {
            Map<String, JobCommand> warmUp = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                JobCommand command = JobCommands.sleep(1, 0, null);
                warmUp.put(command.jobId().toString(), command);
                producer.send(new ProducerRecord<>(Priority.NORMAL.commandTopic(), command.jobId().toString(),
                        JobJsonCodec.toBytes(command)));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> completions(events).size() >= warmUp.size());
        }
    }

    private static List<ConsumerRecord<String, byte[]>> completions(TopicRecording events) {
        return events.raw().stream().filter(record -> "job.completed".equals(header(record, "ce_type"))).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
