package dev.jobhub.api.job;

import static dev.jobhub.api.job.Submissions.PROBLEM;
import static dev.jobhub.api.job.Submissions.WAIT;
import static dev.jobhub.api.job.Submissions.batch;
import static dev.jobhub.api.job.Submissions.rows;
import static dev.jobhub.api.job.Submissions.sleep;
import static dev.jobhub.api.job.Submissions.submit;
import static dev.jobhub.api.job.Submissions.submitted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** POST /api/jobs/batch (all or nothing, in order, limited) and the listing's sort and filters. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobBatchAndListingTest {

    @Inject
    Pool pool;

    @Test
    void aBatchCreatesEveryJobInOrderAndDispatchesEach() {
        String user = "batch-" + UUID.randomUUID();
        try (TopicRecording normal = TestKafka.record(Topics.COMMANDS_NORMAL);
                TopicRecording high = TestKafka.record(Topics.COMMANDS_HIGH)) {
            List<String> ids = batch(user, "{\"jobs\":[" + sleep("") + "," + sleep("\"priority\":\"high\"") + ","
                    + sleep("\"delayMs\":60000") + "," + sleep("") + "]}")
                    .statusCode(202)
                    .body("jobs", hasSize(4))
                    .body("jobs.state", equalTo(List.of("queued", "queued", "delayed", "queued")))
                    .extract().path("jobs.jobId");
            List<UUID> jobIds = ids.stream().map(UUID::fromString).toList();

            assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isEqualTo(4);
            List<UUID> immediate = List.of(jobIds.get(0), jobIds.get(1), jobIds.get(3));
            await().atMost(WAIT).until(() -> commandIds(normal, high).containsAll(immediate));
            assertThat(commandIds(normal, high)).doesNotContain(jobIds.get(2));
            // request order is creation order
            List<String> byCreation = given().auth().oauth2(TestTokens.user(user)).queryParam("sort", "createdAt:asc")
                    .when().get("/api/jobs").then().statusCode(200).extract().path("data.id");
            assertThat(byCreation).isEqualTo(ids);
        }
    }

    @Test
    void aBatchWithAnIdempotencyKeyIsCreatedOnce() {
        String user = "batch-" + UUID.randomUUID();
        String body = jobs(3);
        String first = given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .header("Idempotency-Key", "b-1").when().post("/api/jobs/batch").then().statusCode(202)
                .extract().asString();
        String again = given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .header("Idempotency-Key", "b-1").when().post("/api/jobs/batch").then().statusCode(202)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertThat(again).isEqualTo(first);
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isEqualTo(3);
    }

    private static List<UUID> commandIds(TopicRecording... recordings) {
        return java.util.Arrays.stream(recordings).flatMap(r -> r.commands().stream()).map(JobCommand::jobId).toList();
    }

    @Test
    void aBatchWithOneInvalidJobCreatesNothingAndNamesTheJob() {
        String user = "batch-" + UUID.randomUUID();
        batch(user, "{\"jobs\":[" + sleep("") + ",{\"type\":\"sleep\",\"payload\":{\"steps\":-1,\"stepMillis\":1}},"
                + sleep("\"maxAttempts\":\"many\"") + "]}")
                .statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("jobs[1].payload.steps"))
                .body("errors.field", hasItem("jobs[2].maxAttempts"));
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isZero();
    }

    @Test
    void aBatchThatFailsOnASingletonKeyCreatesNothing() {
        String user = "batch-" + UUID.randomUUID();
        String key = "batch-key-" + UUID.randomUUID();
        UUID holder = submitted(submit(user, sleep("\"singletonKey\":\"" + key + "\"")));
        batch(user, "{\"jobs\":[" + sleep("") + "," + sleep("\"singletonKey\":\"" + key + "\"") + "]}")
                .statusCode(409).contentType(PROBLEM).body("existingJobId", equalTo(holder.toString()));
        batch(user, "{\"jobs\":[" + sleep("\"singletonKey\":\"x\"") + "," + sleep("\"singletonKey\":\"x\"") + "]}")
                .statusCode(400).body("errors.field", hasItem("jobs[1].singletonKey"));
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    void aBatchOfTheFullLimitIsAccepted() {
        String user = "batch-" + UUID.randomUUID();
        batch(user, jobs(1000)).statusCode(202).body("jobs", hasSize(1000));
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isEqualTo(1000);
    }

    @Test
    void aBatchOverTheLimitOrWithoutJobsIs400NamingJobs() {
        String user = "batch-" + UUID.randomUUID();
        batch(user, jobs(1001)).statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("jobs"));
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0)).isZero();
        batch("bob", "{\"jobs\":[]}").statusCode(400).body("errors.field", hasItem("jobs"));
        batch("bob", "{\"jobs\":{}}").statusCode(400).body("errors.field", hasItem("jobs"));
        batch("bob", "[]").statusCode(400).contentType(PROBLEM);
    }

    @Test
    void theListingSortsAndFilters() {
        String user = "list-" + UUID.randomUUID();
        UUID low = submitted(submit(user, sleep("\"priority\":\"low\"")));
        Instant between = Instant.now();
        UUID high = submitted(submit(user, sleep("\"priority\":\"high\"")));
        UUID normal = submitted(submit(user, sleep("")));

        assertThat(ids(list(user, "sort", "createdAt:asc"))).containsExactly(low, high, normal);
        assertThat(ids(list(user, "sort", "createdAt:desc"))).containsExactly(normal, high, low);
        assertThat(ids(list(user))).containsExactly(normal, high, low);
        assertThat(ids(list(user, "sort", "priority:desc"))).containsExactly(high, normal, low);
        assertThat(ids(list(user, "sort", "priority:asc"))).containsExactly(low, normal, high);
        assertThat(ids(list(user, "from", between.toString()))).containsExactly(normal, high);
        assertThat(ids(list(user, "to", between.toString()))).containsExactly(low);
        assertThat(ids(list(user, "q", high.toString()))).containsExactly(high);
        assertThat(ids(list(user, "q", "sle"))).hasSize(3);
        assertThat(ids(list(user, "q", "mail"))).isEmpty();

        // admins filter by owner; users may not look at others
        List<String> adminSees = given().auth().oauth2(TestTokens.admin("root")).queryParam("userId", user)
                .when().get("/api/jobs").then().statusCode(200).extract().path("data.userId");
        assertThat(adminSees).hasSize(3).containsOnly(user);
        given().auth().oauth2(TestTokens.user("mallory")).queryParam("userId", user)
                .when().get("/api/jobs").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void jobsWithoutTheSortedTimeComeLastDescendingAndFirstAscendingAndWildcardsInQAreLiteral() {
        String user = "list-" + UUID.randomUUID();
        Instant now = Instant.now();
        UUID neverRan = JobRows.job(user, "queued").type("report_v1").created(now.minusSeconds(60)).insert();
        UUID ranFirst = JobRows.finished(user, "completed", now.minusSeconds(20), Duration.ofSeconds(5))
                .type("report%").insert();
        UUID ranLast = JobRows.finished(user, "completed", now.minusSeconds(10), Duration.ofSeconds(5))
                .type("reports").insert();

        assertThat(ids(list(user, "sort", "startedAt:desc"))).containsExactly(ranLast, ranFirst, neverRan);
        assertThat(ids(list(user, "sort", "startedAt:asc"))).containsExactly(neverRan, ranFirst, ranLast);
        assertThat(ids(list(user, "sort", "finishedAt"))).containsExactly(ranLast, ranFirst, neverRan);
        assertThat(ids(list(user, "q", "report%"))).containsExactly(ranFirst);
        assertThat(ids(list(user, "q", "report_"))).containsExactly(neverRan);
        assertThat(ids(list(user, "q", "report"))).containsExactly(ranLast, ranFirst, neverRan);
    }

    @Test
    void badListingParametersAreNamed() {
        for (String[] bad : new String[][] {{"sort", "createdAt:sideways"}, {"sort", "payload"}, {"from", "yesterday"},
                {"to", "2020-13-01T00:00:00Z"}}) {
            given().auth().oauth2(TestTokens.user("alice")).queryParam(bad[0], bad[1]).when().get("/api/jobs").then()
                    .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(bad[0]));
        }
        given().auth().oauth2(TestTokens.user("alice")).queryParam("from", "2030-01-02T00:00:00Z")
                .queryParam("to", "2030-01-01T00:00:00Z").when().get("/api/jobs").then()
                .statusCode(400).body("errors.field", hasItem("to"));
    }

    /** A batch body of {@code n} small sleep jobs. */
    private static String jobs(int n) {
        return IntStream.range(0, n).mapToObj(i -> sleep("")).collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
    }

    private static ValidatableResponse list(String user, String... parameters) {
        var request = given().auth().oauth2(TestTokens.user(user));
        for (int i = 0; i < parameters.length; i += 2) {
            request = request.queryParam(parameters[i], parameters[i + 1]);
        }
        return request.when().get("/api/jobs").then().statusCode(200);
    }

    private static List<UUID> ids(ValidatableResponse page) {
        List<String> ids = page.extract().path("data.id");
        return ids.stream().map(UUID::fromString).toList();
    }
}
