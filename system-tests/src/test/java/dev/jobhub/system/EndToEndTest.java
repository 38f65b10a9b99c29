package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One job's whole journey: REST → outbox → Kafka → worker → events → WebSocket, REST and in-app store. */
class EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static RunningPlatform platform;

    @BeforeAll
    static void platform() {
        platform = RunningPlatform.get();
    }

    @Test
    void aJobsProgressArrivesLiveAndItsOutcomeIsStoredAndNotified() {
        String user = "alice-" + UUID.randomUUID();
        PlatformClient alice = new PlatformClient(platform, TestTokens.user(user));
        try (WsTestClient socket = WsTestClient.connect(platform.webSocket(), TestTokens.user(user), false)) {
            UUID jobId = alice.submitSleep(3, 200, null);

            // started, 3 × progress, completed (the queued event may arrive too, before the worker's)
            List<JsonNode> events = awaitEventsUntil(socket, jobId, "job.completed");
            assertThat(events).extracting(event -> event.get("type").asText())
                    .containsSubsequence("job.started", "job.progress", "job.progress", "job.progress", "job.completed");
            assertThat(events).extracting(event -> event.get("sequence").asLong()).isSorted().doesNotHaveDuplicates();
            assertThat(events).filteredOn(event -> event.get("type").asText().equals("job.progress"))
                    .extracting(event -> event.get("progress").get("percentage").asDouble())
                    .containsExactly(33.3, 66.7, 100.0);

            await().atMost(WAIT).untilAsserted(() -> alice.job(jobId).statusCode(200)
                    .body("state", equalTo("completed"))
                    .body("result.steps", equalTo(3))
                    .body("attempts", equalTo(1))
                    .body("startedAt", notNullValue())
                    .body("finishedAt", notNullValue()));
            await().atMost(WAIT).until(() -> alice.notificationsOf(jobId).size() == 1);
            Map<String, Object> notification = alice.notificationsOf(jobId).get(0);
            assertThat(notification.get("type")).isEqualTo("job_completed");
            assertThat(notification.get("read")).isEqualTo(false);
        }
    }

    @Test
    void aBrowserStyleClientAuthenticatesWithTheQueryParameter() {
        String user = "browser-" + UUID.randomUUID();
        PlatformClient client = new PlatformClient(platform, TestTokens.user(user));
        try (WsTestClient socket = WsTestClient.connect(platform.webSocket(), TestTokens.user(user), true)) {
            UUID jobId = client.submitSleep(1, 10, null);

            assertThat(awaitEventsUntil(socket, jobId, "job.completed")).isNotEmpty();
        }
    }

    @Test
    void aFailingJobIsRetriedThenEndsFailedWithItsErrorEverywhere() {
        String user = "carol-" + UUID.randomUUID();
        PlatformClient carol = new PlatformClient(platform, TestTokens.user(user));
        try (WsTestClient socket = WsTestClient.connect(platform.webSocket(), TestTokens.user(user), false)) {
            String id = carol.submit("{\"type\":\"sleep\",\"maxAttempts\":3,\"backoff\":{\"type\":\"fixed\",\"delayMs\":200},"
                    + "\"payload\":{\"steps\":4,\"stepMillis\":50,\"failAtStep\":2}}").statusCode(202).extract().path("jobId");
            UUID jobId = UUID.fromString(id);

            // each attempt fails at step 2: one progress each, two job.retrying, then the final job.failed
            List<JsonNode> events = awaitEventsUntil(socket, jobId, "job.failed");
            assertThat(events).filteredOn(event -> event.get("type").asText().equals("job.progress")).hasSize(3);
            assertThat(events).filteredOn(event -> event.get("type").asText().equals("job.retrying"))
                    .extracting(event -> event.get("attempt").asInt()).containsExactly(1, 2);
            JsonNode failed = events.get(events.size() - 1);
            assertThat(failed.get("attempt").asInt()).isEqualTo(3);
            assertThat(failed.get("error").get("message").asText()).contains("step 2");

            await().atMost(WAIT).untilAsserted(() -> carol.job(jobId)
                    .body("state", equalTo("failed"))
                    .body("attempts", equalTo(3))
                    .body("attemptErrors.size()", equalTo(3))
                    .body("error.code", equalTo("handler_error"))
                    .body("error.message", org.hamcrest.Matchers.containsString("step 2")));
            // notified once, for the end of the job, not for each failed attempt
            await().atMost(WAIT).until(() -> carol.notificationsOf(jobId).size() == 1);
            assertThat(carol.notificationsOf(jobId).get(0).get("type")).isEqualTo("job_failed");
        }
    }

    @Test
    void anotherUserSeesNothingOfIt() {
        String aliceId = "alice-" + UUID.randomUUID();
        String bobId = "bob-" + UUID.randomUUID();
        PlatformClient alice = new PlatformClient(platform, TestTokens.user(aliceId));
        PlatformClient bob = new PlatformClient(platform, TestTokens.user(bobId));
        try (WsTestClient alicesSocket = WsTestClient.connect(platform.webSocket(), TestTokens.user(aliceId), false);
                WsTestClient bobsSocket = WsTestClient.connect(platform.webSocket(), TestTokens.user(bobId), false)) {
            UUID jobId = alice.submitSleep(2, 50, null);

            awaitEventsUntil(alicesSocket, jobId, "job.completed");
            await().atMost(WAIT).until(() -> alice.notificationsOf(jobId).size() == 1);

            // alice's socket got everything, so bob's, on the same instance and consumer, has had its chance
            assertThat(bobsSocket.messages()).noneMatch(message -> message.contains(jobId.toString()));
            bob.job(jobId).statusCode(404);
            assertThat(bob.notificationsOf(jobId)).isEmpty();
        }
    }

    @Test
    void notificationsReadThroughApiServiceAreTheNotifiersOwn() {
        String user = "dora-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        PlatformClient dora = new PlatformClient(platform, token);
        UUID jobId = dora.submitSleep(1, 10, null);
        await().atMost(WAIT).until(() -> dora.notificationsOf(jobId).size() == 1);

        // one origin for frontends: api-service's gateway answers what the notifier answers, byte for byte
        String direct = io.restassured.RestAssured.given().baseUri(platform.notifierUrl()).auth().oauth2(token)
                .queryParam("limit", 100).when().get("/api/notifications").then().statusCode(200)
                .extract().asString();
        String throughGateway = io.restassured.RestAssured.given().baseUri(platform.apiUrl()).auth().oauth2(token)
                .queryParam("limit", 100).when().get("/api/notifications").then().statusCode(200)
                .contentType("application/json").extract().asString();
        assertThat(throughGateway).isEqualTo(direct).contains(jobId.toString());

        // the notifier is the authority on tokens: a forged one gets through the gateway and is refused there
        io.restassured.RestAssured.given().baseUri(platform.apiUrl()).auth().oauth2(TestTokens.forged(user))
                .when().get("/api/notifications").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void noTokenOrAForgedOneIsRefusedEverywhere() {
        io.restassured.RestAssured.given().baseUri(platform.apiUrl()).when().get("/api/jobs").then().statusCode(401);
        io.restassured.RestAssured.given().baseUri(platform.notifierUrl()).when().get("/api/notifications").then()
                .statusCode(401);
        io.restassured.RestAssured.given().baseUri(platform.apiUrl()).auth().oauth2(TestTokens.forged("alice"))
                .when().get("/api/jobs").then().statusCode(401);
        assertThat(WsTestClient.upgradeStatus(platform.webSocket(), null)).isEqualTo(401);
        assertThat(WsTestClient.upgradeStatus(platform.webSocket(), TestTokens.forged("alice"))).isEqualTo(401);
    }

    @Test
    void badInputIsAProblemNotAnError() {
        PlatformClient dave = new PlatformClient(platform, TestTokens.user("dave"));
        dave.submit("{\"type\":\"sleep\",\"payload\":{\"steps\":-3,\"stepMillis\":10}}")
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("payload.steps"));
        dave.submit("{not json").statusCode(400).contentType("application/problem+json");
    }

    /** The job's events received on the socket, up to and including the first of type {@code last}. */
    static List<JsonNode> awaitEventsUntil(WsTestClient socket, UUID jobId, String last) {
        await().atMost(WAIT).until(() -> eventsOf(socket, jobId).stream()
                .anyMatch(event -> event.get("type").asText().equals(last)));
        List<JsonNode> events = eventsOf(socket, jobId);
        int end = 0;
        while (!events.get(end).get("type").asText().equals(last)) {
            end++;
        }
        return events.subList(0, end + 1);
    }

    private static List<JsonNode> eventsOf(WsTestClient socket, UUID jobId) {
        return socket.messages().stream()
                .map(message -> JobJsonCodec.fromJson(message, JsonNode.class))
                .filter(event -> jobId.toString().equals(event.path("jobId").asText()))
                .toList();
    }
}
