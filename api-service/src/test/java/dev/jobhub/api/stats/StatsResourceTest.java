package dev.jobhub.api.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.api.JobApi;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/jobs/stats} on a prepared set of job rows whose numbers are known. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class StatsResourceTest {

    @Test
    void statsOfAPreparedDataSet() {
        String user = JobRows.uniqueUser("stats");
        String other = JobRows.uniqueUser("stats");
        Instant now = Instant.now();
        // ten completed sleep jobs lasting 100, 200, ... 1000 ms: mean 550, p95 (continuous) 100 + 0.95 * 900 = 955
        for (int i = 1; i <= 10; i++) {
            JobRows.finished(user, "completed", now.minus(Duration.ofMinutes(30 + i)), Duration.ofMillis(100L * i))
                    .insert();
        }
        JobRows.finished(user, "failed", now.minus(Duration.ofMinutes(20)), Duration.ofSeconds(60)).insert();
        JobRows.finished(user, "failed", now.minus(Duration.ofMinutes(21)), Duration.ofSeconds(60)).insert();
        JobRows.finished(user, "cancelled", now.minus(Duration.ofMinutes(22)), Duration.ofSeconds(60)).insert();
        JobRows.job(user, "active").type("report").created(now.minus(Duration.ofMinutes(2))).insert();
        // waiting: 2 high queued, 1 normal retrying, 1 low delayed; the oldest was created 5 minutes ago
        JobRows.job(user, "queued").priority("high").created(now.minus(Duration.ofMinutes(5))).insert();
        JobRows.job(user, "queued").priority("high").created(now.minus(Duration.ofMinutes(1))).insert();
        JobRows.job(user, "retrying").priority("normal").created(now.minus(Duration.ofMinutes(3))).insert();
        JobRows.job(user, "delayed").priority("low").type("report").created(now.minus(Duration.ofMinutes(4))).insert();
        // outside the 24 h window: counts neither by state nor in durations (but would wait, if it were waiting)
        JobRows.finished(user, "completed", now.minus(Duration.ofDays(2)), Duration.ofSeconds(100)).insert();
        // another user's jobs never count for this user
        JobRows.finished(other, "completed", now.minus(Duration.ofMinutes(10)), Duration.ofSeconds(500)).insert();
        JobRows.job(other, "queued").priority("high").created(now.minus(Duration.ofHours(3))).insert();

        JsonPath stats = stats(TestTokens.user(user), "24h").statusCode(200).extract().jsonPath();

        assertThat(stats.getString("window")).isEqualTo("24h");
        assertThat(stats.getString("userId")).isEqualTo(user);
        assertThat(stats.getLong("byState.sleep.completed")).isEqualTo(10);
        assertThat(stats.getLong("byState.sleep.failed")).isEqualTo(2);
        assertThat(stats.getLong("byState.sleep.cancelled")).isEqualTo(1);
        assertThat(stats.getLong("byState.sleep.queued")).isEqualTo(2);
        assertThat(stats.getLong("byState.sleep.retrying")).isEqualTo(1);
        assertThat(stats.getLong("byState.sleep.active")).isZero();
        assertThat(stats.getLong("byState.report.active")).isEqualTo(1);
        assertThat(stats.getLong("byState.report.delayed")).isEqualTo(1);
        assertThat(stats.getDouble("successRate")).isCloseTo(10.0 / 12, within(1e-6));
        assertThat(stats.getDouble("meanDurationMs")).isCloseTo(550.0, within(0.01));
        assertThat(stats.getDouble("p95DurationMs")).isCloseTo(955.0, within(0.01));
        assertThat(stats.getLong("queueDepth.high")).isEqualTo(2);
        assertThat(stats.getLong("queueDepth.normal")).isEqualTo(1);
        assertThat(stats.getLong("queueDepth.low")).isEqualTo(1);
        assertThat(stats.getLong("oldestWaitingAgeMs"))
                .isBetween(Duration.ofMinutes(5).toMillis() - 1000, Duration.ofMinutes(5).toMillis() + 60_000);

        // a 15 minute window holds only the queued/active jobs of the last minutes, and no finished one
        JsonPath recent = stats(TestTokens.user(user), "15m").statusCode(200).extract().jsonPath();
        assertThat(recent.getLong("byState.sleep.completed")).isZero();
        assertThat(recent.getLong("byState.sleep.queued")).isEqualTo(2);
        assertThat((Object) recent.get("successRate")).isNull();
        assertThat((Object) recent.get("meanDurationMs")).isNull();
        assertThat(recent.getLong("queueDepth.high")).isEqualTo(2);

        // admins: one user's numbers with ?userId=, everyone's without
        JsonPath asAdmin = given().auth().oauth2(TestTokens.admin("root")).queryParam("userId", user)
                .when().get("/api/jobs/stats").then().statusCode(200).extract().jsonPath();
        assertThat(asAdmin.getLong("byState.sleep.completed")).isEqualTo(10);
        assertThat(asAdmin.getDouble("p95DurationMs")).isCloseTo(955.0, within(0.01));
        JsonPath everyone = stats(TestTokens.admin("root"), "24h").statusCode(200).extract().jsonPath();
        assertThat(everyone.getString("userId")).isNull();
        assertThat(everyone.getLong("byState.sleep.completed")).isGreaterThanOrEqualTo(11);
        assertThat(everyone.getLong("oldestWaitingAgeMs")).isGreaterThanOrEqualTo(Duration.ofHours(3).toMillis());
    }

    @Test
    void aUserWithoutJobsGetsZerosAndNulls() {
        stats(TestTokens.user(JobRows.uniqueUser("stats")), null).statusCode(200)
                .body("window", equalTo("24h"))
                .body("byState.size()", equalTo(0))
                .body("successRate", nullValue())
                .body("p95DurationMs", nullValue())
                .body("queueDepth.high", equalTo(0))
                .body("queueDepth.normal", equalTo(0))
                .body("queueDepth.low", equalTo(0))
                .body("oldestWaitingAgeMs", nullValue());
    }

    @Test
    void windowOutsideFifteenMinutesToThirtyDaysIsRefused() {
        String token = TestTokens.user("alice");
        for (String window : new String[] {"14m", "31d", "5s", "abc", "-1h", "721h"}) {
            stats(token, window).statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("window"));
        }
        for (String window : new String[] {"15m", "720h", "30d", "7d"}) {
            stats(token, window).statusCode(200).body("window", equalTo(window));
        }
    }

    @Test
    void aUserCannotReadAnotherUsersStats() {
        given().auth().oauth2(TestTokens.user("alice")).queryParam("userId", "bob")
                .when().get("/api/jobs/stats").then().statusCode(403);
        given().when().get("/api/jobs/stats").then().statusCode(401);
    }

    /** The stats and failures routes are not taken for a job id, and a job id still finds its job. */
    @Test
    void statsAndFailureRoutesLiveBesideJobLookup() {
        String token = TestTokens.user("alice");
        given().auth().oauth2(token).when().get("/api/jobs/stats").then().statusCode(200)
                .body("queueDepth.high", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).when().get("/api/jobs/stats/hourly").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).when().get("/api/jobs/failures").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.notNullValue());
        UUID jobId = JobApi.submitSleep("alice");
        JobApi.get(token, jobId).statusCode(200).body("id", equalTo(jobId.toString()));
        given().auth().oauth2(token).when().get("/api/jobs/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static ValidatableResponse stats(String token, String window) {
        var request = given().auth().oauth2(token);
        if (window != null) {
            request = request.queryParam("window", window);
        }
        return request.when().get("/api/jobs/stats").then();
    }
}
