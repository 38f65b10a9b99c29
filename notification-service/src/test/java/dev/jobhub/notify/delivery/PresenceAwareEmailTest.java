package dev.jobhub.notify.delivery;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Presence-aware email over a real WebSocket, PostgreSQL and SMTP server: while its user is online, a notification's
 * email waits the grace (5 s in tests) and is dropped if the notification is read meanwhile; unread, it goes out after
 * the grace; offline, at once.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class PresenceAwareEmailTest {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/ws")
    URI wsHttpUri;

    @Inject
    Pool pool;

    private static String address(String user) {
        return user + "@example.com";
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.withClaims(user, claims -> claims.put("email", address(user))));
    }

    /** A user with an address from their token who chose presence-aware email. */
    private static String presenceAwareUser(String name) {
        String user = someUser(name);
        as(user).contentType("application/json").body("{\"presenceAwareEmail\": true}")
                .put("/api/notifications/profile").then().statusCode(200)
                .body("presenceAwareEmail", equalTo(true)).body("email", equalTo(address(user)));
        return user;
    }

    private WsTestClient online(String user) {
        WsTestClient socket = WsTestClient.connect(URI.create(wsHttpUri.toString().replaceFirst("^http", "ws")),
                TestTokens.user(user), false);
        await().atMost(WITHIN).until(() -> pool.preparedQuery("SELECT count(*) FROM notify.presence WHERE user_id = $1")
                .execute(Tuple.of(user)).await().indefinitely().iterator().next().getLong(0) > 0);
        return socket;
    }

    @Test
    void readInTheAppDuringTheGraceTheEmailIsNeverSent() {
        String kim = presenceAwareUser("kim");
        try (WsTestClient socket = online(kim)) {
            send(jobOf(kim).completed());
            String id = awaitTotal(kim, 1).getString("data[0].id");
            as(kim).get("/api/notifications/" + id + "/deliveries").then().statusCode(200)
                    .body("find { it.channel == 'email' }.status", equalTo("pending"))
                    .body("find { it.channel == 'email' }.reason", equalTo(DeliveryPlan.HELD_WHILE_ONLINE));
            as(kim).patch("/api/notifications/" + id + "/read").then().statusCode(200);

            await().atMost(WITHIN).untilAsserted(() -> as(kim).get("/api/notifications/" + id + "/deliveries")
                    .then().body("find { it.channel == 'email' }.status", equalTo("skipped")));
            assertThat(TestSmtp.get().receivedBy(address(kim))).isEmpty();
        }
    }

    @Test
    void leftUnreadTheEmailGoesOutAfterTheGrace() {
        String lou = presenceAwareUser("lou");
        try (WsTestClient socket = online(lou)) {
            Instant sent = Instant.now();
            send(jobOf(lou).completed());
            awaitTotal(lou, 1);

            await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(lou)).isEmpty());
            assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(GRACE);
            assertThat(TestSmtp.get().receivedBy(address(lou))).hasSize(1);
        }
    }

    @Test
    void offlineTheEmailIsNotHeld() {
        String max = presenceAwareUser("max");
        send(jobOf(max).completed());
        String id = awaitTotal(max, 1).getString("data[0].id");

        await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(max)).isEmpty());
        as(max).get("/api/notifications/" + id + "/deliveries").then()
                .body("find { it.channel == 'email' }.status", equalTo("sent"))
                .body("find { it.channel == 'email' }.reason", nullValue());
    }
}
