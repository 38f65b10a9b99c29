package dev.jobhub.system;

import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job accepted while Kafka is down is not lost: it runs and completes once Kafka is back. */
class KafkaOutageTest {

    @Test
    void jobSubmittedWhileKafkaIsStoppedCompletesAfterItRestarts() {
        RunningPlatform platform = RunningPlatform.get();
        PlatformClient erin = new PlatformClient(platform, TestTokens.user("erin-" + UUID.randomUUID()));
        SharedInfra infra = SharedInfra.get();

        UUID jobId;
        infra.stopKafka();
        try {
            jobId = erin.submitSleep(2, 100, null);
            erin.job(jobId).statusCode(200).body("state", org.hamcrest.Matchers.equalTo("queued"));
        } finally {
            infra.startKafka();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .failFast(() -> erin.state(jobId).equals("failed"))
                .until(() -> erin.state(jobId).equals("completed"));
    }
}
