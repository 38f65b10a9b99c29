package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A digest survives its notifier: notifications held for an hourly digest when notification-service is killed with
 * SIGKILL go out after its restart, in one email, once.
 */
class DigestAcrossRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void notificationsHeldForADigestWhenTheNotifierIsKilledGoOutOnceAfterItsRestart() throws InterruptedException {
        RunningPlatform platform = RunningPlatform.get();
        String user = "gina-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        String address = user + "@example.com";
        String notifier = platform.notifierUrl();
        given().baseUri(notifier).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"email\":\"" + address + "\"}").put("/api/notifications/profile").then().statusCode(200);
        Object preference = given().baseUri(notifier).auth().oauth2(token).get("/api/notifications/preferences")
                .then().statusCode(200).extract().jsonPath()
                .get("find { it.type == 'job_cancelled' && it.channel == 'email' }.id");
        given().baseUri(notifier).auth().oauth2(token).contentType(ContentType.JSON).body("{\"digest\":\"hourly\"}")
                .patch("/api/notifications/preferences/" + preference).then().statusCode(200)
                .body("digest", equalTo("hourly"));

        // two jobs cancelled while they wait: two job_cancelled notifications, held for the hour's digest
        PlatformClient client = new PlatformClient(platform, token);
        for (int i = 0; i < 2; i++) {
            String id = client.submit("{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1},"
                    + "\"delayMs\":3600000}").statusCode(202).extract().path("jobId");
            client.cancel(UUID.fromString(id)).statusCode(200);
        }
        await().atMost(WAIT).until(() -> given().baseUri(notifier).auth().oauth2(token).get("/api/notifications")
                .then().extract().jsonPath().getInt("pagination.total") == 2);

        platform.notifier().kill();
        // the hour ends while the notifier is down
        SharedInfra.get().postgres().psql("jobhub", "UPDATE notify.notification_deliveries "
                + "SET digest_due_at = now() - interval '1 second' WHERE user_id = '" + user + "' "
                + "AND digest_due_at IS NOT NULL");
        assertThat(TestSmtp.get().receivedBy(address)).isEmpty();
        platform.restart(platform.notifier());

        await().atMost(WAIT).until(() -> !TestSmtp.get().receivedBy(address).isEmpty());
        // a few more rounds of the digest loop (every second here) make nothing more
        Thread.sleep(3_000);
        assertThat(TestSmtp.get().receivedBy(address)).hasSize(1);
        TestSmtp.ReceivedMail digest = TestSmtp.get().receivedBy(address).get(0);
        assertThat(digest.subject()).contains("2 notifications").contains("hourly digest");
    }
}
