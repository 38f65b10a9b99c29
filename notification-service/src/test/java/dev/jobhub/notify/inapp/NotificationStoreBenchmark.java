package dev.jobhub.notify.inapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.support.kafka.KafkaHeaders;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The store path under load: 10,000 jobs, each a {@code job.started} and a {@code job.completed} (20,000 events)
 * produced to the real Kafka as fast as it takes them, timed until PostgreSQL holds the 10,000 notifications. Not
 * part of the default test run (surefire excludes *Benchmark); run it with
 * {@code ./mvnw -B -ntp -pl notification-service -am verify -Pbenchmark}. It fails only if a notification is missing
 * or doubled: timings depend on the machine (its load average is printed beside them).
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class NotificationStoreBenchmark {

    static final int JOBS = 10_000;
    static final Duration AT_MOST = Duration.ofMinutes(10);

    @Inject
    Pool pool;

    @Test
    void storesTenThousandCompletionsOutOfTwentyThousandEvents() throws Exception {
        String user = TestJobs.someUser("bench");
        String load = loadAverage();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = TestKafka.batchingProducer()) {
            for (int i = 0; i < JOBS; i++) {
                TestJobs job = TestJobs.jobOf(user);
                send(producer, job.started());
                send(producer, job.completed());
            }
            producer.flush();
        }
        double produced = seconds(start);

        long deadline = System.nanoTime() + AT_MOST.toNanos();
        long stored = 0;
        while (stored < JOBS && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = count(user);
        }
        double total = seconds(start);
        Thread.sleep(1_000); // a doubled notification would show up now
        long finalCount = count(user);

        System.out.printf("""
                notification store benchmark: %d events (%d jobs: started + completed) → %d notifications
                  produced in %.2f s; all stored after %.2f s (%.2f s after the last was produced): %.0f events/s,
                  %.0f notifications/s
                  load average before: %s, after: %s (%d cores)
                """, 2 * JOBS, JOBS, finalCount, produced, total, total - produced, 2 * JOBS / total, JOBS / total, load,
                loadAverage(), Runtime.getRuntime().availableProcessors());
        assertThat(finalCount).as("notifications of %s", user).isEqualTo(JOBS);
    }

    private long count(String user) {
        return pool.preparedQuery("SELECT count(*) FROM notify.notifications WHERE user_id = $1")
                .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(30))
                .iterator().next().getLong(0);
    }

    private static void send(KafkaProducer<String, byte[]> producer, JobEvent event) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, null, event.jobId().toString(),
                JobJsonCodec.toBytes(event), KafkaHeaders.cloudEvent(event, "/jobhub/benchmark")));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
