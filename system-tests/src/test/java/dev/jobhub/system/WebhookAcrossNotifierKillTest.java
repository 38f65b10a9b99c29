package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TestWebhookReceiver;
import dev.jobhub.testing.TestWebhookReceiver.Answer;
import dev.jobhub.testing.TestWebhookReceiver.Received;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A webhook delivery survives its sender: notification-service killed with SIGKILL while a delivery is in flight
 * (the receiver holds its answer). After the restart and the lease, the delivery is made again under the same
 * {@code webhook-id}, every job's completion arrives, and the delivery log records the success.
 */
class WebhookAcrossNotifierKillTest {

    private static final int JOBS = 20;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aDeliveryInFlightWhenTheNotifierIsKilledIsMadeAgainUnderTheSameWebhookId() {
        RunningPlatform platform = RunningPlatform.get();
        String user = "ines-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        try (TestWebhookReceiver receiver = TestWebhookReceiver.start()) {
            // the first request is held for 5 s: the notifier is killed while it waits for the answer
            receiver.answer(Answer.after(Duration.ofSeconds(5), 200));
            String endpoint = given().baseUri(platform.notifierUrl()).auth().oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url("/jobs"), "eventTypes", List.of("completed")))
                    .post("/api/webhooks").then().statusCode(201).extract().path("id");

            String jobs = IntStream.range(0, JOBS).mapToObj(i -> "{\"type\":\"sleep\",\"payload\":{\"steps\":0}}")
                    .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
            List<String> ids = given().baseUri(platform.apiUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(jobs).post("/api/jobs/batch").then().statusCode(202).extract().jsonPath()
                    .getList("jobs.jobId", String.class);

            String inFlight = receiver.awaitRequests(1, WAIT).get(0).header("webhook-id");
            platform.notifier().kill();
            platform.restart(platform.notifier());

            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> jobsDelivered(receiver.received()).size() == JOBS);
            assertThat(jobsDelivered(receiver.received())).containsOnlyKeys(ids);
            await().atMost(WAIT).until(() -> receiver.received().stream()
                    .filter(r -> inFlight.equals(r.header("webhook-id"))).count() >= 2);
            // one webhook-id per job, whatever the copies
            assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct().count())
                    .isEqualTo(JOBS);
            await().atMost(WAIT).untilAsserted(() -> assertThat(given().baseUri(platform.notifierUrl()).auth()
                    .oauth2(token).get("/api/webhooks/" + endpoint + "/deliveries?limit=100").then()
                    .statusCode(200).extract().jsonPath().getList("data.status", String.class))
                    .hasSize(JOBS).containsOnly("succeeded"));
        }
    }

    /** The job ids whose completion arrived, by the webhook-id it came under. */
    private static Map<String, String> jobsDelivered(List<Received> received) {
        return received.stream().collect(Collectors.toMap(
                r -> JsonPath.from(r.body()).getString("jobId"),
                r -> r.header("webhook-id"), (first, again) -> first));
    }
}
