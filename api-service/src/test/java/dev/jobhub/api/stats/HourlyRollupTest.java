package dev.jobhub.api.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hourly roll-ups: what they hold, that they survive the deletion of the jobs, and the watermark rounds. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class HourlyRollupTest {

    @Inject
    HourlyRollup rollup;

    @Test
    void rollUpOfAPastHourSurvivesTheDeletionOfItsJobs() {
        String user = JobRows.uniqueUser("hourly");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        // completed in that hour: 1, 2, 3, 4 s → p50 2.5 s, p95 3.85 s, mean 2.5 s; plus 2 failed and 1 cancelled
        for (int seconds = 1; seconds <= 4; seconds++) {
            JobRows.finished(user, "completed", hour.plus(Duration.ofMinutes(10L * seconds)),
                    Duration.ofSeconds(seconds)).insert();
        }
        JobRows.finished(user, "failed", hour.plus(Duration.ofMinutes(50)), Duration.ofSeconds(9)).insert();
        JobRows.finished(user, "failed", hour.plus(Duration.ofMinutes(59)), Duration.ofSeconds(9)).insert();
        JobRows.finished(user, "cancelled", hour.plusSeconds(5), Duration.ofSeconds(1)).type("report").insert();
        // the next hour: a row of its own
        JobRows.finished(user, "completed", hour.plus(Duration.ofMinutes(61)), Duration.ofSeconds(7)).insert();

        rollup.rollUp(hour, hour.plus(Duration.ofHours(2))).await().atMost(Duration.ofSeconds(30));
        // idempotent: a second run changes nothing
        rollup.rollUp(hour, hour.plus(Duration.ofHours(2))).await().atMost(Duration.ofSeconds(30));
        assertThat(JobRows.update("DELETE FROM api.jobs WHERE user_id = ?", user)).isEqualTo(8);

        JsonPath rows = given().auth().oauth2(TestTokens.user(user))
                .queryParam("from", hour.minus(Duration.ofHours(1)).toString())
                .queryParam("to", hour.plus(Duration.ofHours(3)).toString())
                .when().get("/api/jobs/stats/hourly").then().statusCode(200)
                .body("data.size()", equalTo(3))
                .extract().jsonPath();
        List<Map<String, Object>> data = rows.getList("data");
        Map<String, Object> sleep = data.get(0);
        assertThat(sleep.get("hour")).isEqualTo(hour.toString());
        assertThat(sleep.get("type")).isEqualTo("report");
        assertThat(sleep.get("cancelled")).isEqualTo(1);
        sleep = data.get(1);
        assertThat(sleep.get("type")).isEqualTo("sleep");
        assertThat(sleep.get("userId")).isEqualTo(user);
        assertThat(sleep.get("completed")).isEqualTo(4);
        assertThat(sleep.get("failed")).isEqualTo(2);
        assertThat(sleep.get("cancelled")).isEqualTo(0);
        assertThat(((Number) sleep.get("p50Ms")).doubleValue()).isCloseTo(2500.0, within(0.01));
        assertThat(((Number) sleep.get("p95Ms")).doubleValue()).isCloseTo(3850.0, within(0.01));
        assertThat(((Number) sleep.get("meanMs")).doubleValue()).isCloseTo(2500.0, within(0.01));
        Map<String, Object> next = data.get(2);
        assertThat(next.get("hour")).isEqualTo(hour.plus(Duration.ofHours(1)).toString());
        assertThat(next.get("completed")).isEqualTo(1);

        // the type filter, and another user sees none of it
        given().auth().oauth2(TestTokens.user(user))
                .queryParam("from", hour.minus(Duration.ofHours(1)).toString()).queryParam("type", "report")
                .when().get("/api/jobs/stats/hourly").then().statusCode(200).body("data.size()", equalTo(1));
        given().auth().oauth2(TestTokens.user(JobRows.uniqueUser("hourly")))
                .queryParam("from", hour.minus(Duration.ofHours(1)).toString())
                .when().get("/api/jobs/stats/hourly").then().statusCode(200).body("data.size()", equalTo(0));
        given().auth().oauth2(TestTokens.admin("root")).queryParam("userId", user)
                .queryParam("from", hour.minus(Duration.ofHours(1)).toString())
                .when().get("/api/jobs/stats/hourly").then().statusCode(200).body("data.size()", equalTo(3));
    }

    @Test
    void aRoundRollsUpEveryCompleteHourSinceTheWatermarkAndAdvancesIt() {
        String user = JobRows.uniqueUser("hourly");
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant threeHoursAgo = thisHour.minus(Duration.ofHours(3));
        JobRows.finished(user, "completed", threeHoursAgo.plusSeconds(30), Duration.ofSeconds(2)).insert();
        JobRows.finished(user, "failed", thisHour.minus(Duration.ofMinutes(90)), Duration.ofSeconds(2)).insert();
        // the hour still running is not complete: not rolled up yet
        JobRows.finished(user, "completed", Instant.now().minusSeconds(1), Duration.ofMillis(10)).insert();
        JobRows.update("UPDATE api.rollup_watermarks SET rolled_up_to = ? WHERE name = 'job_stats_hourly'",
                threeHoursAgo);

        Instant watermark = rollup.rollUpCompleteHours().await().atMost(Duration.ofSeconds(30));

        // the delay (5 min by default) may hold back the last hour in the first minutes of an hour
        assertThat(watermark).isIn(thisHour, thisHour.minus(Duration.ofHours(1)));
        assertThat(JobRows.instant("SELECT rolled_up_to FROM api.rollup_watermarks WHERE name = 'job_stats_hourly'"))
                .isEqualTo(watermark);
        assertThat(JobRows.count("SELECT coalesce(sum(completed), 0) FROM api.job_stats_hourly WHERE user_id = ?"
                + " AND hour = ?", user, threeHoursAgo)).isEqualTo(1);
        assertThat(JobRows.count("SELECT coalesce(sum(failed), 0) FROM api.job_stats_hourly WHERE user_id = ?",
                user)).isEqualTo(1);
        assertThat(JobRows.count("SELECT count(*) FROM api.job_stats_hourly WHERE user_id = ? AND hour >= ?",
                user, thisHour)).isZero();
    }

    @Test
    void aRoundSkipsWhileAnotherReplicaHoldsTheBookkeepingRow() throws Exception {
        try (var other = JobRows.connect()) {
            other.setAutoCommit(false);
            try (var lock = JobRows.prepare(other,
                    "SELECT 1 FROM api.rollup_watermarks WHERE name = 'job_stats_hourly' FOR UPDATE")) {
                lock.executeQuery().close();
            }
            assertThat(rollup.rollUpCompleteHours().await().atMost(Duration.ofSeconds(10))).isNull();
            other.rollback();
        }
        assertThat(rollup.rollUpCompleteHours().await().atMost(Duration.ofSeconds(30))).isNotNull();
    }

    @Test
    void hourlyRangeIsValidated() {
        String token = TestTokens.user("alice");
        given().auth().oauth2(token).queryParam("from", "yesterday").when().get("/api/jobs/stats/hourly").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(token).queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .when().get("/api/jobs/stats/hourly").then().statusCode(400);
        given().auth().oauth2(token).queryParam("from", "2025-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .when().get("/api/jobs/stats/hourly").then().statusCode(400);
    }
}

