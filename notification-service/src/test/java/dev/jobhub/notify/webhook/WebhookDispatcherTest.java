package dev.jobhub.notify.webhook;

import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.webhook.WebhookFixtures.as;
import static dev.jobhub.notify.webhook.WebhookFixtures.assertSignedBy;
import static dev.jobhub.notify.webhook.WebhookFixtures.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.jobhub.testing.RealInfraResource;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against hand-made outbox rows and a real receiver: a dead sender's lease, receivers that answer
 * with a huge body or never, a URL whose address is refused at delivery time, redelivery and recovery. Timeouts and
 * the schedule are the test profile's short ones (2 s; 0s, 200ms, 400ms).
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class WebhookDispatcherTest extends WithWebhookReceiver {

    @Inject
    Pool pool;
    @Inject
    WebhookPurge purge;

    @Test
    void aDeliveryWhoseSenderDiedIsSentAgainWithTheSameWebhookIdOnceItsLeaseExpires() {
        String alice = someUser("alice");
        JsonPath endpoint = register(alice, receiver.url("/lease"));
        UUID delivery = UUID.randomUUID();
        // claimed by a sender that was killed mid-send: one attempt charged, a lease that ran out
        insert(delivery, endpoint.getString("id"), alice, "msg_dead0sender",
                "attempts = 1, lease_until = now() - interval '1 second'");

        Received request = receiver.awaitRequests(1, WITHIN).get(0);
        assertThat(request.header("webhook-id")).isEqualTo("msg_dead0sender");
        assertSignedBy(request, endpoint.getString("secret"));
        await().atMost(WITHIN).untilAsserted(() -> as(alice)
                .get("/api/webhooks/" + endpoint.getString("id") + "/deliveries/" + delivery).then()
                .body("status", equalTo("succeeded"))
                .body("attempts", equalTo(2))
                .body("attemptLog.attempt", equalTo(List.of(2))));
    }

    @Test
    void aLeaseStillRunningIsLeftAlone() throws InterruptedException {
        String bob = someUser("bob");
        JsonPath endpoint = register(bob, receiver.url("/held"));
        insert(UUID.randomUUID(), endpoint.getString("id"), bob, "msg_held",
                "attempts = 1, lease_until = now() + interval '1 hour'");
        Thread.sleep(1000);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aHugeBodyIsCutAfterTheExcerptAndAReceiverThatNeverAnswersIsCutAtTheTimeout() {
        String carol = someUser("carol");
        JsonPath endpoint = register(carol, receiver.url("/huge"));
        String id = endpoint.getString("id");
        receiver.answer(Answer.hugeBody(200L * 1024 * 1024));
        UUID huge = UUID.randomUUID();
        insert(huge, id, carol, "msg_huge", "attempts = 0");

        await().atMost(WITHIN).untilAsserted(() -> as(carol).get("/api/webhooks/" + id + "/deliveries/" + huge)
                .then().body("status", equalTo("succeeded"))
                .body("attemptLog[0].statusCode", equalTo(200))
                .body("attemptLog[0].responseExcerpt.length()", equalTo(WebhookClient.MAX_EXCERPT_BYTES)));

        receiver.answer(Answer.never(), Answer.never(), Answer.never());
        UUID silent = UUID.randomUUID();
        long started = System.nanoTime();
        insert(silent, id, carol, "msg_silent", "attempts = 0");
        await().atMost(WITHIN).untilAsserted(() -> as(carol).get("/api/webhooks/" + id + "/deliveries/" + silent)
                .then().body("status", equalTo("failed"))
                .body("attempts", equalTo(3))
                .body("attemptLog[0].error", startsWith("no complete answer within"))
                .body("attemptLog[0].statusCode", org.hamcrest.Matchers.nullValue()));
        long durationMs = as(carol).get("/api/webhooks/" + id + "/deliveries/" + silent).then().extract()
                .jsonPath().getLong("attemptLog[0].durationMs");
        assertThat(durationMs).isBetween(1900L, 4000L);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anAddressRefusedAtDeliveryTimeIsAFailedAttemptAndNothingIsDialled() {
        String dave = someUser("dave");
        JsonPath endpoint = register(dave, receiver.url("/moved"));
        String id = endpoint.getString("id");
        // the registered URL now leads to the cloud metadata address (as a name whose DNS answer changed would)
        pool.preparedQuery("UPDATE notify.webhook_endpoints SET url = 'http://169.254.169.254/latest' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(WITHIN);
        UUID delivery = UUID.randomUUID();
        insert(delivery, id, dave, "msg_refused", "attempts = 0");

        await().atMost(WITHIN).untilAsserted(() -> as(dave).get("/api/webhooks/" + id + "/deliveries/" + delivery)
                .then().body("status", equalTo("failed"))
                .body("attemptLog[0].error", startsWith("refused by the egress guard"))
                .body("attemptLog[0].statusCode", org.hamcrest.Matchers.nullValue()));
        as(dave).get("/api/webhooks/" + id).then().body("failingSince", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aDeliveryIsRedeliveredWithItsWebhookIdAndFailedOnesAreRecovered() {
        String erin = someUser("erin");
        JsonPath endpoint = register(erin, receiver.url("/again"));
        String id = endpoint.getString("id");
        UUID delivered = UUID.randomUUID();
        insert(delivered, id, erin, "msg_delivered", "attempts = 0");
        receiver.awaitRequests(1, WITHIN);
        await().atMost(WITHIN).untilAsserted(() -> as(erin).get("/api/webhooks/" + id + "/deliveries/" + delivered)
                .then().body("status", equalTo("succeeded")));

        as(erin).post("/api/webhooks/" + id + "/deliveries/" + delivered + "/redeliver").then().statusCode(202)
                .body("status", equalTo("pending"));
        List<Received> twice = receiver.awaitRequests(2, WITHIN);
        assertThat(twice).extracting(r -> r.header("webhook-id")).containsOnly("msg_delivered");

        UUID lost = UUID.randomUUID();
        insert(lost, id, erin, "msg_lost", "status = 'failed', attempts = 8, created_at = now() - interval '1 hour'");
        UUID older = UUID.randomUUID();
        insert(older, id, erin, "msg_older", "status = 'failed', attempts = 8, created_at = now() - interval '3 days'");
        as(erin).contentType("application/json")
                .body("{\"since\":\"" + java.time.Instant.now().minus(Duration.ofDays(1)) + "\"}")
                .post("/api/webhooks/" + id + "/recover").then().statusCode(202).body("recovered", equalTo(1));
        List<Received> all = receiver.awaitRequests(3, WITHIN);
        assertThat(all.get(2).header("webhook-id")).isEqualTo("msg_lost");
        await().atMost(WITHIN).untilAsserted(() -> as(erin).get("/api/webhooks/" + id + "/deliveries/" + lost)
                .then().body("status", equalTo("succeeded")).body("attempts", equalTo(9)));
        as(erin).get("/api/webhooks/" + id + "/deliveries?status=failed").then()
                .body("data.id", equalTo(List.of(older.toString())));
    }

    @Test
    void anEndpointsRateLimitSpreadsItsDeliveriesWithoutCostingAttempts() {
        String frank = someUser("frank");
        String id = register(frank, receiver.url("/limited"), "[\"all\"]", ",\"rateLimit\":1").getString("id");
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        ids.forEach(delivery -> insert(delivery, id, frank, "msg_" + delivery.toString().replace("-", ""),
                "attempts = 0"));

        List<Received> requests = receiver.awaitRequests(3, WITHIN);
        assertThat(Duration.between(requests.get(0).at(), requests.get(2).at())).isGreaterThan(
                Duration.ofMillis(1500));
        for (UUID delivery : ids) {
            await().atMost(WITHIN).untilAsserted(() -> as(frank).get("/api/webhooks/" + id + "/deliveries/"
                    + delivery).then().body("status", equalTo("succeeded")).body("attempts", equalTo(1)));
        }
    }

    @Test
    void finishedDeliveriesPastTheirRetentionArePurgedPendingOnesNever() {
        String grace = someUser("grace");
        String id = register(grace, receiver.url("/old")).getString("id");
        UUID old = UUID.randomUUID();
        insert(old, id, grace, "msg_old", "status = 'succeeded', updated_at = now() - interval '31 days'");
        UUID recent = UUID.randomUUID();
        insert(recent, id, grace, "msg_recent", "status = 'failed', updated_at = now() - interval '29 days'");
        UUID waiting = UUID.randomUUID();
        insert(waiting, id, grace, "msg_waiting", "next_attempt_at = now() + interval '1 day', "
                + "updated_at = now() - interval '40 days'");

        purge.purge().await().atMost(WITHIN);

        as(grace).get("/api/webhooks/" + id + "/deliveries/" + old).then().statusCode(404);
        as(grace).get("/api/webhooks/" + id + "/deliveries/" + recent).then().statusCode(200);
        as(grace).get("/api/webhooks/" + id + "/deliveries/" + waiting).then().statusCode(200)
                .body("status", equalTo("pending"));
    }

    /** A hand-made outbox row of the endpoint; {@code set} adjusts it as a test needs. */
    private void insert(UUID delivery, String endpointId, String userId, String messageId, String set) {
        // one transaction: the dispatcher never sees the row before it is adjusted
        pool.withTransaction(connection -> connection.preparedQuery("INSERT INTO notify.webhook_deliveries (id, "
                + "endpoint_id, user_id, job_id, event_id, message_id, event_type, payload, status) "
                + "VALUES ($1, $2, $3, $4, $5, $6, 'completed', $7, 'pending')")
                .execute(Tuple.of(delivery, UUID.fromString(endpointId), userId, UUID.randomUUID(), UUID.randomUUID(),
                        messageId).addValue("{\"id\":\"" + delivery + "\",\"eventType\":\"completed\"}"))
                .chain(() -> connection.preparedQuery("UPDATE notify.webhook_deliveries SET " + set
                        + " WHERE id = $1").execute(Tuple.of(delivery))))
                .await().atMost(WITHIN);
    }
}
