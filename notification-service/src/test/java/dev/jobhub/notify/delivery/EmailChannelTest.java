package dev.jobhub.notify.delivery;

import static dev.jobhub.notify.EmailUsers.address;
import static dev.jobhub.notify.EmailUsers.as;
import static dev.jobhub.notify.EmailUsers.switchOffEmail;
import static dev.jobhub.notify.EmailUsers.userWithEmail;
import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The email channel end to end: job events → notifications → deliveries as the user chose → the email outbox → a
 * real SMTP server; digests; the delivery log and its aggregate.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class EmailChannelTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    Pool pool;
    @Inject
    DigestSender digests;

    @Test
    void aCompletedJobIsEmailedAtOnceAndTheDeliveryLogSaysSo() {
        String alice = userWithEmail("alice");
        send(jobOf(alice).completed());
        String id = awaitTotal(alice, 1).getString("data[0].id");

        await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(alice)).isEmpty());
        TestSmtp.ReceivedMail mail = TestSmtp.get().receivedBy(address(alice)).get(0);
        assertThat(mail.subject()).isEqualTo("Job sleep completed");
        assertThat(mail.text()).contains("The job finished successfully.");
        assertThat(mail.html()).contains("Job sleep completed");

        await().atMost(WITHIN).untilAsserted(() -> as(alice).get("/api/notifications/" + id + "/deliveries").then()
                .statusCode(200)
                .body("find { it.channel == 'email' }.status", equalTo("sent"))
                .body("find { it.channel == 'email' }.attempts", equalTo(1))
                .body("find { it.channel == 'in_app' }.status", equalTo("sent")));
        assertThat(TestSmtp.get().receivedBy(address(alice))).hasSize(1);
    }

    @Test
    void emailSwitchedOffOrNoAddressIsSkippedWithTheReason() {
        String bob = userWithEmail("bob");
        switchOffEmail(bob, "job_failed");
        send(jobOf(bob).failed("nope"));
        String failed = awaitTotal(bob, 1).getString("data[0].id");
        as(bob).get("/api/notifications/" + failed + "/deliveries").then()
                .body("find { it.channel == 'email' }.status", equalTo("skipped"))
                .body("find { it.channel == 'email' }.reason", equalTo("disabled_by_user"));

        // every test token carries an email claim, and the inbox records it: carol's may not, or her address would be
        // on file as soon as she polls her inbox, before her notification is stored
        String carol = someUser("carol");
        String withoutEmail = TestTokens.withClaims(carol, claims -> claims.remove("email"));
        send(jobOf(carol).completed());
        await().atMost(WITHIN).until(() -> given().auth().oauth2(withoutEmail).get("/api/notifications").then()
                .extract().jsonPath().getInt("pagination.total") == 1);
        String completed = given().auth().oauth2(withoutEmail).get("/api/notifications").then().extract()
                .path("data[0].id");
        given().auth().oauth2(withoutEmail).get("/api/notifications/" + completed + "/deliveries").then()
                .body("find { it.channel == 'email' }.status", equalTo("skipped"))
                .body("find { it.channel == 'email' }.reason", equalTo("no_email_address"));
        assertThat(TestSmtp.get().receivedBy(address(bob))).isEmpty();
    }

    @Test
    void aDailyDigestGathersThePeriodsNotificationsIntoOneEmailMadeOnce() {
        String dave = userWithEmail("dave");
        Object emailFailed = as(dave).get("/api/notifications/preferences").then().extract().jsonPath()
                .get("find { it.type == 'job_failed' && it.channel == 'email' }.id");
        as(dave).contentType("application/json").body("{\"digest\":\"daily\",\"digestHour\":6,\"timezone\":\"Asia/Tokyo\"}")
                .patch("/api/notifications/preferences/" + emailFailed).then().statusCode(200);
        send(jobOf(dave).failed("first"));
        send(jobOf(dave).failed("second"));
        List<String> ids = awaitTotal(dave, 2).getList("data.id", String.class);
        as(dave).get("/api/notifications/" + ids.get(0) + "/deliveries").then()
                .body("find { it.channel == 'email' }.status", equalTo("pending"))
                .body("find { it.channel == 'email' }.digest", equalTo("daily"));
        assertThat(TestSmtp.get().receivedBy(address(dave))).isEmpty();

        // the period ends
        pool.preparedQuery("UPDATE notify.notification_deliveries SET digest_due_at = now() - interval '1 second' "
                + "WHERE user_id = $1 AND digest_due_at IS NOT NULL").execute(Tuple.of(dave)).await().atMost(WITHIN);
        digests.sendDueNow().await().atMost(WITHIN);
        digests.sendDueNow().await().atMost(WITHIN); // a second round (or instance) makes nothing more

        await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(dave)).isEmpty());
        TestSmtp.ReceivedMail digest = TestSmtp.get().receivedBy(address(dave)).get(0);
        assertThat(digest.subject()).contains("2 notifications").contains("daily digest");
        assertThat(digest.text()).contains("first").contains("second");
        await().atMost(WITHIN).untilAsserted(() -> as(dave).get("/api/notifications/" + ids.get(1) + "/deliveries")
                .then().body("find { it.channel == 'email' }.status", equalTo("sent")));
        assertThat(TestSmtp.get().receivedBy(address(dave))).hasSize(1);
    }

    @Test
    void aCriticalTypeIsEmailedAtOnceEvenSwitchedOffOrDigested() {
        String erin = userWithEmail("erin");
        String admin = TestTokens.admin(someUser("root"));
        Object emailCancelled = as(erin).get("/api/notifications/preferences").then().extract().jsonPath()
                .get("find { it.type == 'job_cancelled' && it.channel == 'email' }.id");
        as(erin).contentType("application/json").body("{\"enabled\":false,\"digest\":\"weekly\"}")
                .patch("/api/notifications/preferences/" + emailCancelled).then().statusCode(200);
        given().auth().oauth2(admin).contentType("application/json").body("{\"critical\":true}")
                .patch("/api/notifications/types/job_cancelled").then().statusCode(200);
        try {
            send(jobOf(erin).cancelled());
            awaitTotal(erin, 1);
            await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(erin)).isEmpty());
            assertThat(TestSmtp.get().receivedBy(address(erin)).get(0).subject()).isEqualTo("Job sleep cancelled");
        } finally {
            given().auth().oauth2(admin).contentType("application/json").body("{\"critical\":false}")
                    .patch("/api/notifications/types/job_cancelled").then().statusCode(200);
        }
    }

    @Test
    void theAggregateIsForAdminsOnly() {
        given().auth().oauth2(TestTokens.user(someUser("frank"))).get("/api/notifications/deliveries/stats").then()
                .statusCode(403).contentType("application/problem+json");
        Map<String, Object> stats = given().auth().oauth2(TestTokens.admin(someUser("root")))
                .get("/api/notifications/deliveries/stats").then().statusCode(200).extract().jsonPath().getMap("$");
        assertThat(stats).containsKeys("since", "byChannel", "emailBacklog", "emailFailed");
    }

    @Test
    void theAggregateCountsTheDeliveriesOfItsWindow() {
        String admin = TestTokens.admin(someUser("root"));
        Instant before = Instant.now().minusSeconds(1);
        String grace = someUser("grace");
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"type\":\"system\",\"title\":\"Counted\",\"userIds\":[\"" + grace + "\"]}")
                .post("/api/notifications").then().statusCode(202).body("notified", equalTo(1));

        JsonPath window = given().auth().oauth2(admin).queryParam("since", before.toString())
                .get("/api/notifications/deliveries/stats").then().statusCode(200).extract().jsonPath();
        assertThat(Instant.parse(window.getString("since"))).isEqualTo(before);
        long inAppSent = window.getLong("byChannel.in_app.byStatus.sent");
        assertThat(inAppSent).as("grace's notification, made inside the window").isGreaterThanOrEqualTo(1);
        Map<String, Object> later = given().auth().oauth2(admin)
                .queryParam("since", Instant.now().plusSeconds(3600).toString())
                .get("/api/notifications/deliveries/stats").then().statusCode(200)
                .extract().jsonPath().getMap("byChannel.in_app.byStatus");
        assertThat(later).as("nothing was delivered in the future").isEmpty();

        given().auth().oauth2(admin).queryParam("since", "yesterday").get("/api/notifications/deliveries/stats")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("since"));
    }
}
