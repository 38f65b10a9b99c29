package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * While the platform's PostgreSQL is down, calls that need it are answered 503 problem+json with Retry-After (a
 * client retries and succeeds once it is back), never 500; and the services take calls again once it is back.
 */
class DatabaseOutageTest {

    @Test
    void callsDuringADatabaseOutageAre503WithRetryAfterAndWorkAgainAfterIt() {
        RunningPlatform platform = RunningPlatform.get();
        String token = TestTokens.user("olga-" + UUID.randomUUID());
        PlatformClient olga = new PlatformClient(platform, token);
        SharedInfra infra = SharedInfra.get();

        infra.postgres().stopImmediately();
        try {
            // the pools find out on first use: a few calls each, all of them a 503
            for (int i = 0; i < 5; i++) {
                unavailable(olga.submit(PlatformClient.sleepJob(1, 1, null)).extract().response());
                unavailable(given().baseUri(platform.notifierUrl()).auth().oauth2(token)
                        .when().get("/api/notifications"));
            }
        } finally {
            infra.postgres().start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> olga.submit(PlatformClient.sleepJob(1, 1, null)).extract().statusCode() == 202);
    }

    private static void unavailable(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("incident");
    }
}
