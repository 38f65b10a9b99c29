package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL in the middle of a job: the job is taken up again by the other worker within the
 * stall timeout and completes exactly once as far as the job record and the events are concerned.
 */
class WorkerCrashTest {

    @Test
    void aJobWhoseWorkerIsKilledCompletesOnceOnTheOtherWorker() {
        RunningPlatform platform = RunningPlatform.get();
        PlatformClient client = new PlatformClient(platform, TestTokens.user("crash-" + UUID.randomUUID()));
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            UUID jobId = client.submitSleep(12, 500, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> events.eventsOf(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.PROGRESS && e.progress().current() >= 2));
            JobEvent started = events.eventsOf(jobId).stream().filter(e -> e.type() == JobEventType.STARTED)
                    .findFirst().orElseThrow();
            ServiceProcess victim = platform.workerNamed(started.workerId());

            Instant killedAt = Instant.now();
            victim.kill();
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> client.state(jobId).equals("completed"));
            } finally {
                platform.restart(victim);
            }

            List<JobEvent> ofJob = events.eventsOf(jobId);
            JobEvent restarted = ofJob.stream().filter(e -> e.type() == JobEventType.STARTED && e.attempt() == 2)
                    .findFirst().orElseThrow(() -> new AssertionError("no second attempt: " + ofJob));
            assertThat(restarted.workerId()).isNotEqualTo(started.workerId());
            assertThat(ofJob).filteredOn(e -> e.type() == JobEventType.COMPLETED).hasSize(1)
                    .allMatch(e -> e.attempt() == 2);
            client.job(jobId).body("attempts", org.hamcrest.Matchers.equalTo(2))
                    .body("state", org.hamcrest.Matchers.equalTo("completed"));
            System.out.printf("stalled-job recovery: second attempt started %.1f s after SIGKILL%n",
                    Duration.between(killedAt, restarted.occurredAt()).toMillis() / 1000.0);
        }
    }
}
