package dev.jobhub.api.failure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Failure groups: failed and retrying jobs grouped by fingerprint, per owner; and what group actions select. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class FailureGroupTest {

    @Inject
    FailureGroupService failures;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String user = JobRows.uniqueUser("fail");
    private final String other = JobRows.uniqueUser("fail");
    private final String stepFailure = "fp-step-" + UUID.randomUUID();
    private final String timeout = "fp-timeout-" + UUID.randomUUID();

    /** @return user's failed jobs of the step-failure group, oldest first, and the retrying one last */
    private List<UUID> prepare() {
        List<UUID> ids = new ArrayList<>();
        for (int minutes : new int[] {50, 30, 10}) {
            ids.add(failed(user, stepFailure, "sleep", "handler_error", "failed at step " + minutes, minutes));
        }
        ids.add(JobRows.job(user, "retrying").created(now.minus(Duration.ofHours(1)))
                .updated(now.minus(Duration.ofMinutes(5)))
                .failure(stepFailure, "handler_error", "failed at step 1 (retrying)").insert());
        failed(user, timeout, "report", "timeout", "took longer than 1000 ms", 20);
        // a completed job keeps no failure group, whatever its fingerprint column says
        JobRows.finished(user, "completed", now.minus(Duration.ofMinutes(1)), Duration.ofSeconds(1))
                .failure(stepFailure, "handler_error", "old").insert();
        failed(other, stepFailure, "sleep", "handler_error", "failed at step 2 of other", 40);
        return ids;
    }

    @Test
    void failedAndRetryingJobsAreGroupedByFingerprintWithCountsAndFirstAndLastSeen() {
        prepare();

        JsonPath groups = given().auth().oauth2(TestTokens.user(user)).when().get("/api/jobs/failures")
                .then().statusCode(200).body("data.size()", equalTo(2)).extract().jsonPath();

        assertThat(groups.getString("data[0].fingerprint")).isEqualTo(stepFailure);
        assertThat(groups.getString("data[0].jobType")).isEqualTo("sleep");
        assertThat(groups.getString("data[0].code")).isEqualTo("handler_error");
        assertThat(groups.getString("data[0].sampleMessage")).isEqualTo("failed at step 1 (retrying)");
        assertThat(groups.getLong("data[0].count")).isEqualTo(4);
        assertThat(groups.getLong("data[0].failed")).isEqualTo(3);
        assertThat(groups.getLong("data[0].retrying")).isEqualTo(1);
        assertThat(Instant.parse(groups.getString("data[0].firstSeen"))).isEqualTo(now.minus(Duration.ofMinutes(50)));
        assertThat(Instant.parse(groups.getString("data[0].lastSeen"))).isEqualTo(now.minus(Duration.ofMinutes(5)));

        assertThat(groups.getString("data[1].fingerprint")).isEqualTo(timeout);
        assertThat(groups.getString("data[1].jobType")).isEqualTo("report");
        assertThat(groups.getString("data[1].code")).isEqualTo("timeout");
        assertThat(groups.getString("data[1].sampleMessage")).isEqualTo("took longer than 1000 ms");
        assertThat(groups.getLong("data[1].count")).isEqualTo(1);
        assertThat(groups.getString("data[1].firstSeen")).isEqualTo(groups.getString("data[1].lastSeen"));

        given().auth().oauth2(TestTokens.user(user)).queryParam("type", "report").when().get("/api/jobs/failures")
                .then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].fingerprint", equalTo(timeout));
    }

    @Test
    void usersSeeTheirOwnFailuresAndAdminsEveryones() {
        prepare();

        given().auth().oauth2(TestTokens.user(other)).when().get("/api/jobs/failures").then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].count", equalTo(1))
                .body("data[0].sampleMessage", equalTo("failed at step 2 of other"));
        JsonPath all = given().auth().oauth2(TestTokens.admin("root")).queryParam("limit", "500")
                .when().get("/api/jobs/failures").then().statusCode(200).extract().jsonPath();
        int index = all.getList("data.fingerprint").indexOf(stepFailure);
        assertThat(index).isNotNegative();
        assertThat(all.getLong("data[" + index + "].count")).isEqualTo(5);
        given().auth().oauth2(TestTokens.admin("root")).queryParam("userId", other).when().get("/api/jobs/failures")
                .then().statusCode(200).body("data.size()", equalTo(1));
        given().auth().oauth2(TestTokens.user(user)).queryParam("userId", other).when().get("/api/jobs/failures")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.user(user)).queryParam("limit", "0").when().get("/api/jobs/failures")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void groupRetryAppliesToTheCallersFailedJobsOfTheGroupAndCountsSkips() {
        List<UUID> ids = prepare();
        List<UUID> failedOnes = ids.subList(0, 3);
        RecordingActions actions = new RecordingActions(failedOnes.get(1));

        GroupActionResult result = failures.retry(user, stepFailure, actions).await().atMost(Duration.ofSeconds(10));

        assertThat(actions.retried).containsExactlyElementsOf(failedOnes);
        assertThat(result).isEqualTo(new GroupActionResult(stepFailure, "retry", 3, 2, 1));
        // admins act on every user's jobs of the group
        RecordingActions asAdmin = new RecordingActions(null);
        assertThat(failures.retry(null, stepFailure, asAdmin).await().atMost(Duration.ofSeconds(10)).matched())
                .isEqualTo(4);
    }

    @Test
    void groupCancelAppliesToTheRetryingJobsOfTheGroup() {
        List<UUID> ids = prepare();
        RecordingActions actions = new RecordingActions(null);

        GroupActionResult result = failures.cancel(user, stepFailure, "noise", actions)
                .await().atMost(Duration.ofSeconds(10));

        assertThat(actions.cancelled).containsExactly(ids.get(3));
        assertThat(result).isEqualTo(new GroupActionResult(stepFailure, "cancel", 1, 1, 0));
    }

    @Test
    void groupActionsOverHttpOnlyReachTheCallersJobs() {
        prepare();
        // the step-failure group exists, but none of its failed jobs belongs to this caller
        given().auth().oauth2(TestTokens.user(JobRows.uniqueUser("fail")))
                .when().post("/api/jobs/failures/" + stepFailure + "/retry").then().statusCode(200)
                .body("matched", equalTo(0)).body("action", equalTo("retry"));
        given().auth().oauth2(TestTokens.user(JobRows.uniqueUser("fail")))
                .when().post("/api/jobs/failures/" + stepFailure + "/cancel").then().statusCode(200)
                .body("matched", equalTo(0)).body("action", equalTo("cancel"));
        given().when().post("/api/jobs/failures/" + stepFailure + "/retry").then().statusCode(401);
    }

    private UUID failed(String owner, String fingerprint, String type, String code, String message, int minutesAgo) {
        return JobRows.finished(owner, "failed", now.minus(Duration.ofMinutes(minutesAgo)), Duration.ofSeconds(1))
                .type(type).failure(fingerprint, code, message).insert();
    }

    /** Records the jobs acted on; the job {@code movedOn} answers 409 as if its state had changed meanwhile. */
    private static final class RecordingActions implements FailureGroupActions {

        private final UUID movedOn;
        final List<UUID> retried = new ArrayList<>();
        final List<UUID> cancelled = new ArrayList<>();

        RecordingActions(UUID movedOn) {
            this.movedOn = movedOn;
        }

        @Override
        public Uni<Void> retry(UUID jobId) {
            retried.add(jobId);
            return outcome(jobId);
        }

        @Override
        public Uni<Void> cancel(UUID jobId, String reason) {
            cancelled.add(jobId);
            return outcome(jobId);
        }

        private Uni<Void> outcome(UUID jobId) {
            return jobId.equals(movedOn)
                    ? Uni.createFrom().failure(ProblemException.conflict("job " + jobId + " is no longer failed"))
                    : Uni.createFrom().voidItem();
        }
    }
}
