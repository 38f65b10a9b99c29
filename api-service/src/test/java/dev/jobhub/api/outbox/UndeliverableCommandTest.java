package dev.jobhub.api.outbox;

import static dev.jobhub.api.JobApi.submit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.api.JobApi;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job whose command is larger than Kafka takes (256 KiB in tests) fails at once with command_too_large, and the
 * jobs submitted after it are published as usual: the row that can never be sent holds nothing up.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class UndeliverableCommandTest {

    @Test
    void aCommandKafkaWillNeverTakeFailsItsJobAndHoldsNothingUp() {
        String user = "ulla-" + UUID.randomUUID();
        String pad = "x".repeat(300 * 1024);
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL)) {
            UUID tooLarge = UUID.fromString(submit(user, "{\"type\":\"sleep\",\"payload\":{\"steps\":1,"
                    + "\"stepMillis\":1,\"pad\":\"" + pad + "\"}}").statusCode(202).extract().path("jobId"));
            UUID next = JobApi.submitSleep(user);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.user(user))
                    .when().get("/api/jobs/" + tooLarge).then().statusCode(200)
                    .body("state", equalTo("failed"))
                    .body("error.code", equalTo(UndeliverableMessages.TOO_LARGE)));
            await().atMost(Duration.ofSeconds(30)).until(() -> commands.commands().stream()
                    .anyMatch(command -> command.jobId().equals(next)));
        }
    }
}
