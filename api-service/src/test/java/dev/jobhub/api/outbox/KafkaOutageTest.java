package dev.jobhub.api.outbox;

import static dev.jobhub.api.JobApi.submitSleep;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With Kafka down, submissions still succeed; their commands are published once Kafka is back. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class KafkaOutageTest {

    @Test
    void jobsSubmittedWhileKafkaIsDownArePublishedWhenItReturns() {
        SharedInfra infra = SharedInfra.get();
        UUID first;
        UUID second;
        infra.stopKafka();
        try {
            first = submitSleep("alice");
            second = submitSleep("bob");
        } finally {
            infra.startKafka();
        }
        try (TopicRecording commands = TestKafka.recordFromBeginning(Topics.COMMANDS_NORMAL)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> commands.commands().stream()
                    .map(c -> c.jobId()).toList().containsAll(java.util.List.of(first, second)));
        }
    }
}
