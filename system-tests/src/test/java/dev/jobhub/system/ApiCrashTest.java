package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import java.time.Duration;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Every api-service replica killed with SIGKILL while a job runs; the job completes while none is up, and they come
 * back only after the job's last heartbeat is older than the stall timeout. The completion waiting in jobs.events
 * must be applied, not mistaken for a dead worker: the job completes once, on its first attempt.
 */
class ApiCrashTest {

    @Test
    void aJobThatCompletedWhileTheApiWasDownIsNotRunAgainAfterItsRestart() throws InterruptedException {
        RunningPlatform platform = RunningPlatform.get();
        PlatformClient client = new PlatformClient(platform, TestTokens.user("api-crash-" + UUID.randomUUID()));
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            UUID jobId = client.submitSleep(4, 500, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> events.eventsOf(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.STARTED));
            platform.apis().forEach(ServiceProcess::kill);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.eventsOf(jobId).stream()
                        .anyMatch(e -> e.type() == JobEventType.COMPLETED));
                // the last heartbeat is now older than the stall timeout (10 s in these tests)
                Thread.sleep(Duration.ofSeconds(12).toMillis());
            } finally {
                platform.apis().forEach(platform::restart);
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.state(jobId).equals("completed"));
            // long enough for stall sweeps of both replicas to have run
            Thread.sleep(Duration.ofSeconds(12).toMillis());
            assertThat(events.eventsOf(jobId)).filteredOn(e -> e.type() == JobEventType.COMPLETED).hasSize(1);
            assertThat(events.eventsOf(jobId)).noneMatch(e -> e.attempt() > 1);
            client.job(jobId).body("attempts", Matchers.equalTo(1)).body("state", Matchers.equalTo("completed"));
        }
    }
}
