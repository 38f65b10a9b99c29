package dev.jobhub.notify.webhook;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.webhook.WebhookFixtures.as;
import static dev.jobhub.notify.webhook.WebhookFixtures.assertSignedBy;
import static dev.jobhub.notify.webhook.WebhookFixtures.register;
import static dev.jobhub.notify.webhook.WebhookFixtures.verifiedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestWebhookReceiver;
import dev.jobhub.testing.TestWebhookReceiver.Answer;
import dev.jobhub.testing.TestWebhookReceiver.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end: job events on the real broker → the webhook intake → the outbox → a real HTTP receiver (the
 * test's own server), signatures checked independently. Retries use the test profile's short schedule.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class WebhookDeliveryTest extends WithWebhookReceiver {

    @Inject
    Pool pool;

    @Test
    void aJobsProgressAndCompletionArriveSignedWithTheStandardWebhooksHeaders() {
        String alice = someUser("alice");
        JsonPath endpoint = register(alice, receiver.url("/hooks/alice"));
        String secret = endpoint.getString("secret");
        assertThat(secret).startsWith("whsec_");

        TestJobs job = jobOf(alice);
        send(job.started());
        JobEvent progress = send(job.progress(1));
        JobEvent completed = send(job.completed());

        List<Received> requests = receiver.awaitRequests(2, WITHIN);
        assertThat(requests).hasSize(2);
        for (Received request : requests) {
            assertSignedBy(request, secret);
            assertThat(request.path()).isEqualTo("/hooks/alice");
            assertThat(request.header("content-type")).isEqualTo("application/json");
            assertThat(request.header("webhook-id")).startsWith("msg_");
        }
        JsonNode first = JobJsonCodec.fromJson(requests.get(0).body(), JsonNode.class);
        assertThat(first.path("eventType").asText()).isEqualTo("progress");
        assertThat(first.path("id").asText()).isEqualTo(progress.id().toString());
        assertThat(first.path("jobId").asText()).isEqualTo(job.id().toString());
        assertThat(first.path("jobname").asText()).isEqualTo("sleep");
        assertThat(first.path("userId").asText()).isEqualTo(alice);
        assertThat(first.path("progress").path("current").asLong()).isEqualTo(1);
        assertThat(first.hasNonNull("occurredAt")).isTrue();
        JsonNode second = JobJsonCodec.fromJson(requests.get(1).body(), JsonNode.class);
        assertThat(second.path("eventType").asText()).isEqualTo("completed");
        assertThat(second.path("id").asText()).isEqualTo(completed.id().toString());
        assertThat(second.path("result").path("slept").asInt()).isEqualTo(2);
        assertThat(requests.get(0).header("webhook-id")).isNotEqualTo(requests.get(1).header("webhook-id"));

        // a redelivered Kafka record adds nothing
        send(completed);
        sleep(1500);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aReceiverFailingTwiceGetsTheEventOnTheThirdAttemptWithTheSameWebhookId() {
        String bob = someUser("bob");
        String id = register(bob, receiver.url("/flaky")).getString("id");
        receiver.answer(Answer.status(500), Answer.status(502));

        send(jobOf(bob).completed());

        List<Received> requests = receiver.awaitRequests(3, WITHIN);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
        assertThat(requests).extracting(Received::body).containsOnly(requests.get(0).body());
        await().atMost(WITHIN).untilAsserted(() -> as(bob).get("/api/webhooks/" + id + "/deliveries").then()
                .statusCode(200)
                .body("pagination.total", equalTo(1))
                .body("data[0].status", equalTo("succeeded"))
                .body("data[0].attempts", equalTo(3))
                .body("data[0].attemptLog.statusCode", equalTo(List.of(500, 502, 200)))
                .body("data[0].attemptLog[0].nextAttemptAt", org.hamcrest.Matchers.notNullValue()));
        as(bob).get("/api/webhooks/" + id + "/deliveries?status=failed").then().statusCode(200)
                .body("pagination.total", equalTo(0));
        as(bob).get("/api/webhooks/" + id).then().body("failingSince", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void gone410DisablesTheEndpointAtOnce() {
        String carol = someUser("carol");
        String id = register(carol, receiver.url("/gone")).getString("id");
        receiver.answer(Answer.status(410));

        send(jobOf(carol).completed());

        await().atMost(WITHIN).untilAsserted(() -> as(carol).get("/api/webhooks/" + id).then()
                .body("active", equalTo(false))
                .body("disabledReason", equalTo("the receiver answered 410 Gone")));
        as(carol).get("/api/webhooks/" + id + "/deliveries").then()
                .body("data[0].status", equalTo("failed")).body("data[0].attempts", equalTo(1));
        send(jobOf(carol).completed());
        sleep(1500);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void afterARotationBothSecretsSignUntilTheGraceEnds() {
        String dave = someUser("dave");
        JsonPath created = register(dave, receiver.url("/rotated"));
        String oldSecret = created.getString("secret");
        String newSecret = as(dave).post("/api/webhooks/" + created.getString("id") + "/rotate-secret").then()
                .statusCode(200).extract().jsonPath().getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

        send(jobOf(dave).completed());

        Received request = receiver.awaitRequests(1, WITHIN).get(0);
        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        assertSignedBy(request, oldSecret);
        assertSignedBy(request, newSecret);
        assertThat(verifiedBy(request, WebhookSigner.newSecret())).isEmpty();
    }

    @Test
    void eventTypeAndJobTypeFiltersChooseWhatEachEndpointReceives() {
        String erin = someUser("erin");
        try (TestWebhookReceiver completedOnly = TestWebhookReceiver.start();
                TestWebhookReceiver otherJobType = TestWebhookReceiver.start()) {
            register(erin, completedOnly.url("/c"), "[\"completed\"]", "");
            register(erin, otherJobType.url("/o"), "[\"all\"]", ",\"jobTypes\":[\"schema.rebuild\"]");
            register(erin, receiver.url("/f"), "[\"failed\",\"cancelled\"]", ",\"jobTypes\":[\"sleep\"]");

            TestJobs completing = jobOf(erin);
            send(completing.progress(1));
            send(completing.completed());
            send(jobOf(erin).failed("boom"));
            TestJobs marker = completing.markerOnSamePartition();
            send(marker.cancelled());

            assertThat(completedOnly.awaitRequests(1, WITHIN)).hasSize(1);
            List<Received> failedAndCancelled = receiver.awaitRequests(2, WITHIN);
            sleep(1500);
            assertThat(completedOnly.received()).extracting(r -> eventType(r)).containsExactly("completed");
            assertThat(receiver.received()).extracting(r -> eventType(r))
                    .containsExactlyInAnyOrder("failed", "cancelled");
            assertThat(failedAndCancelled).hasSize(2);
            assertThat(otherJobType.received()).isEmpty();
        }
    }

    @Test
    void aJobsEventsReachAnEndpointInTheirOrderEvenWhenOneIsRetried() {
        String frank = someUser("frank");
        register(frank, receiver.url("/ordered"));
        // the first delivery fails once and every answer is slow: later events must wait behind it
        receiver.answer(Answer.status(503), Answer.after(Duration.ofMillis(150), 200),
                Answer.after(Duration.ofMillis(150), 200), Answer.after(Duration.ofMillis(150), 200));

        TestJobs job = jobOf(frank);
        send(job.started());
        send(job.progress(1));
        send(job.progress(2));
        send(job.progress(3));
        send(job.completed());

        List<Received> requests = receiver.awaitRequests(5, WITHIN);
        sleep(500);
        assertThat(receiver.received()).extracting(WebhookDeliveryTest::describe)
                .containsExactly("progress 1", "progress 1", "progress 2", "progress 3", "completed");
        assertThat(requests.get(0).header("webhook-id")).isEqualTo(requests.get(1).header("webhook-id"));
    }

    @Test
    void aJobSubmittedWithAWebhookUrlGetsItsCompletionSignedWithTheUsersDefaultSecret() {
        String grace = someUser("grace");
        String secret = as(grace).get("/api/webhooks/default-secret").then().statusCode(200).extract().jsonPath()
                .getString("secret");
        TestJobs job = jobOf(grace);
        JobEvent queued = job.queued();
        sendWithWebhookUrl(queued, receiver.url("/per-job?job=" + job.id()), Map.of(CloudEventHeaders.TYPE,
                "job.queued", CloudEventHeaders.USER_ID, grace, "ce_id", queued.id().toString(), "ce_subject",
                job.id().toString()));
        send(job.started());
        send(job.progress(1));
        JobEvent completed = send(job.completed());

        Received request = receiver.awaitRequests(1, WITHIN).get(0);
        assertSignedBy(request, secret);
        assertThat(request.path()).isEqualTo("/per-job?job=" + job.id());
        JsonNode body = JobJsonCodec.fromJson(request.body(), JsonNode.class);
        assertThat(body.path("eventType").asText()).isEqualTo("completed");
        assertThat(body.path("id").asText()).isEqualTo(completed.id().toString());
        sleep(1000);
        assertThat(receiver.received()).as("progress is not a per-job webhook event").hasSize(1);
    }

    @Test
    void aPerJobWebhookUrlOfAnOlderProducersRecordWithoutHeadersCountsToo() {
        String henry = someUser("henry");
        TestJobs job = jobOf(henry);
        sendWithWebhookUrl(job.queued(), receiver.url("/headerless"), Map.of());
        send(job.failed("no luck"));

        Received request = receiver.awaitRequests(1, WITHIN).get(0);
        assertThat(JobJsonCodec.fromJson(request.body(), JsonNode.class).path("error").path("message").asText())
                .isEqualTo("no luck");
    }

    /** The job.queued as api-service sends it for a submission with a webhookUrl (a field newer than JobEvent here). */
    private static void sendWithWebhookUrl(JobEvent queued, String url, Map<String, String> headers) {
        ObjectNode value = (ObjectNode) JobJsonCodec.toTree(queued);
        value.put("webhookUrl", url);
        TestJobs.sendRaw(queued.jobId().toString(), JobJsonCodec.toJson(value), headers);
    }

    @Test
    void aCompletionOfASupersededAttemptIsNotDelivered() {
        String heidi = someUser("heidi");
        register(heidi, receiver.url("/superseded"), "[\"completed\",\"failed\"]", "");
        TestJobs first = jobOf(heidi);
        send(first.started());
        TestJobs second = first.nextAttempt();
        send(second.queued());
        send(first.completed()); // the presumed-dead worker's late completion
        JobEvent failed = send(second.failed("for good"));

        Received request = receiver.awaitRequests(1, WITHIN).get(0);
        sleep(1000);
        assertThat(receiver.received()).hasSize(1);
        assertThat(JobJsonCodec.fromJson(request.body(), JsonNode.class).path("id").asText())
                .isEqualTo(failed.id().toString());
    }

    @Test
    void anEndpointFailingForLongerThanTheLimitIsDisabledAndItsOwnerTold() {
        String ivan = someUser("ivan");
        String id = register(ivan, receiver.url("/dying")).getString("id");
        // failing for six days already (the default limit is five)
        pool.preparedQuery("UPDATE notify.webhook_endpoints SET failing_since = now() - interval '6 days' "
                + "WHERE id = $1").execute(Tuple.of(UUID.fromString(id))).await().atMost(WITHIN);
        receiver.answer(Answer.status(500));

        send(jobOf(ivan).completed());

        await().atMost(WITHIN).untilAsserted(() -> as(ivan).get("/api/webhooks/" + id).then()
                .body("active", equalTo(false))
                .body("disabledReason", org.hamcrest.Matchers.startsWith("every delivery failed since")));
        await().atMost(WITHIN).untilAsserted(() -> as(ivan).get("/api/notifications?type=system").then()
                .body("data.size()", equalTo(1))
                .body("data[0].title", equalTo("Webhook disabled")));
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void theEventsOfUsersWithoutWebhooksCostNoPositionAndNoDelivery() {
        String nobody = someUser("nobody");
        TestJobs unwatched = jobOf(nobody);
        send(unwatched.started());
        send(unwatched.completed());
        // an event of a watched job on the same partition, sent after: once it arrives, the others were processed
        String judy = someUser("judy");
        register(judy, receiver.url("/watched"));
        TestJobs watched = unwatched.markerOnSamePartition(judy);
        send(watched.completed());
        receiver.awaitRequests(1, WITHIN);
        long positions = pool.preparedQuery("SELECT count(*) FROM notify.webhook_job_positions WHERE job_id = $1")
                .execute(Tuple.of(unwatched.id())).await().atMost(WITHIN).iterator().next().getLong(0);
        assertThat(positions).isZero();
        long watchedPositions = pool.preparedQuery("SELECT count(*) FROM notify.webhook_job_positions "
                + "WHERE job_id = $1").execute(Tuple.of(watched.id())).await().atMost(WITHIN).iterator().next()
                .getLong(0);
        assertThat(watchedPositions).isOne();
    }

    private static String eventType(Received request) {
        return JobJsonCodec.fromJson(request.body(), JsonNode.class).path("eventType").asText();
    }

    private static String describe(Received request) {
        JsonNode body = JobJsonCodec.fromJson(request.body(), JsonNode.class);
        String type = body.path("eventType").asText();
        return type.equals("progress") ? type + " " + body.path("progress").path("current").asLong() : type;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
