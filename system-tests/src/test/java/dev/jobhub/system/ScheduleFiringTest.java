package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A cron schedule fires once per tick although two api-service replicas run the firing loop. */
class ScheduleFiringTest {

    @Test
    void aScheduleFiresOncePerTickWithTwoApiReplicas() {
        RunningPlatform platform = RunningPlatform.get();
        String token = TestTokens.user("cron-" + UUID.randomUUID());
        String id = given().baseUri(platform.apiUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"every minute\",\"cron\":\"* * * * *\",\"timezone\":\"UTC\",\"jobType\":\"sleep\","
                        + "\"payload\":{\"steps\":1,\"stepMillis\":1},\"enabled\":true}")
                .when().post("/api/schedules").then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> given()
                .baseUri(platform.apiUrl()).auth().oauth2(token).when().get("/api/schedules/" + id)
                .then().statusCode(200).extract().path("lastRunAt") != null);
        // both replicas have had more than a second to fire the same tick again
        sleep(Duration.ofSeconds(3));

        String perTick = SharedInfra.get().postgres().psql("jobhub", "SELECT string_agg(n::text, ',') FROM ("
                + "SELECT count(*) AS n FROM api.jobs WHERE schedule_id = '" + id + "' "
                + "GROUP BY date_trunc('minute', created_at)) AS ticks");
        assertThat(perTick.trim()).isNotEmpty().matches("1(,1)*");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
