package dev.jobhub.worker.heartbeat;

import static dev.jobhub.worker.job.WorkerTesting.TIMEOUT;
import static dev.jobhub.worker.job.WorkerTesting.awaitOutcome;
import static dev.jobhub.worker.job.WorkerTesting.heartbeatsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.job.JobCommands;
import dev.jobhub.worker.job.WorkerPool;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Heartbeats of running attempts on jobs.heartbeats (every 500 ms in %test), against the real broker. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class HeartbeatTest {

    @Inject
    WorkerPool pool;

    @Test
    void aRunningAttemptHeartbeatsUntilItEnds() throws InterruptedException {
        JobCommand command = JobCommands.sleep(6, 500, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS);
                TopicRecording heartbeats = TestKafka.record(Topics.HEARTBEATS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());
            JobEvent started = jobEvents.get(0);
            JobEvent completed = jobEvents.get(jobEvents.size() - 1);
            assertThat(completed.type()).isEqualTo(JobEventType.COMPLETED);
            // several intervals after the end: time for a heartbeat that should not be there to show
            Thread.sleep(Duration.ofMillis(1_500).toMillis());

            List<JobHeartbeat> beats = heartbeatsOf(heartbeats, command.jobId());
            assertThat(beats).hasSizeGreaterThanOrEqualTo(3).allSatisfy(beat -> {
                assertThat(beat.type()).isEqualTo("job.heartbeat");
                assertThat(beat.attempt()).isEqualTo(command.attempt());
                assertThat(beat.workerId()).isEqualTo(started.workerId());
                assertThat(beat.userId()).isEqualTo("alice");
                assertThat(beat.occurredAt()).as("made while the attempt ran")
                        .isAfterOrEqualTo(started.occurredAt())
                        .isBeforeOrEqualTo(completed.occurredAt());
            });
            assertThat(heartbeats.raw()).filteredOn(record -> command.jobId().toString().equals(record.key()))
                    .allSatisfy(record -> {
                        assertThat(header(record.headers().lastHeader("ce_type"))).isEqualTo("job.heartbeat");
                        assertThat(header(record.headers().lastHeader("ce_source")))
                                .isEqualTo("/jobhub/worker-service");
                    });
        }
    }

    @Test
    void anIdleWorkerSendsNoHeartbeats() {
        try (TopicRecording heartbeats = TestKafka.record(Topics.HEARTBEATS)) {
            await().atMost(TIMEOUT).until(() -> pool.running().isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> heartbeats.raw().isEmpty());
        }
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
