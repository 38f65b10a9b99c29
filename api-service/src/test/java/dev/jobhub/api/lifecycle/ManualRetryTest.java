package dev.jobhub.api.lifecycle;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.submit;
import static dev.jobhub.api.JobApi.submitSleep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/jobs/{id}/retry: a failed or cancelled job runs again with a fresh budget of attempts. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ManualRetryTest {

    static ValidatableResponse retry(String token, UUID jobId) {
        return given().auth().oauth2(token).when().post("/api/jobs/" + jobId + "/retry").then();
    }

    @Test
    void aFailedJobRunsAgainWithAFreshBudget() {
        try (PlayedWorker worker = new PlayedWorker()) {
            String body = "{\"type\":\"sleep\",\"maxAttempts\":1,\"payload\":{\"steps\":1,\"stepMillis\":1}}";
            UUID jobId = UUID.fromString(submit("alice", body).statusCode(202).extract().path("jobId"));
            JobCommand first = worker.awaitCommand(jobId, 1).command();
            worker.start(first);
            worker.fail(first, JobError.of("handler_error", "boom"));
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("failed")));

            retry(TestTokens.user("alice"), jobId).statusCode(202)
                    .body("state", equalTo("queued"))
                    .body("error", nullValue())
                    .body("finishedAt", nullValue());
            JobCommand second = worker.awaitCommand(jobId, 2).command();
            assertThat(second.maxAttempts()).isEqualTo(2);
            assertThat(second.sequence()).isGreaterThan(first.sequence() + 2);
            // the old attempt's events are stale now
            worker.complete(first);
            worker.start(second);
            worker.fail(second, JobError.of("handler_error", "boom again"));
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("failed")).body("error.message", equalTo("boom again")));

            // a second manual retry gets the same budget again (1 attempt), not a compounded one
            retry(TestTokens.user("alice"), jobId).statusCode(202);
            assertThat(worker.awaitCommand(jobId, 3).command().maxAttempts()).isEqualTo(3);
        }
    }

    @Test
    void aCancelledJobCanBeRetried() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            worker.awaitCommand(jobId, 1);
            CancellationTest.cancel(TestTokens.user("alice"), jobId).statusCode(200);
            retry(TestTokens.user("alice"), jobId).statusCode(202).body("state", equalTo("queued"))
                    .body("cancelRequested", equalTo(false));
            assertThat(worker.awaitCommand(jobId, 2).command().maxAttempts()).isEqualTo(4);
        }
    }

    @Test
    void onlyFailedOrCancelledJobsOfTheCallerCanBeRetried() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID queued = submitSleep("alice");
            retry(TestTokens.user("alice"), queued).statusCode(409).contentType("application/problem+json");

            JobCommand command = worker.awaitCommand(queued, 1).command();
            worker.start(command);
            worker.complete(command);
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), queued).body("state", equalTo("completed")));
            retry(TestTokens.user("alice"), queued).statusCode(409);

            UUID cancelled = submitSleep("alice");
            CancellationTest.cancel(TestTokens.user("alice"), cancelled).statusCode(200);
            retry(TestTokens.user("bob"), cancelled).statusCode(404).contentType("application/problem+json");
            retry(TestTokens.user("bob"), UUID.randomUUID()).statusCode(404);
            retry(TestTokens.admin("root"), cancelled).statusCode(202);
        }
    }
}
