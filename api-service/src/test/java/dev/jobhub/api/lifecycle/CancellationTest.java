package dev.jobhub.api.lifecycle;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.submitSleep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.jobhub.api.JobTable;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEventType;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DELETE /api/jobs/{id} and its alias POST /api/jobs/{id}/cancel, with the worker played through Kafka. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class CancellationTest {

    @Inject
    Pool pool;

    static ValidatableResponse cancel(String token, UUID jobId) {
        return given().auth().oauth2(token).when().delete("/api/jobs/" + jobId).then();
    }

    static ValidatableResponse cancelByPost(String token, UUID jobId) {
        return given().auth().oauth2(token).when().post("/api/jobs/" + jobId + "/cancel").then();
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndItsWorkerToldNotToStartIt() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand command = worker.awaitCommand(jobId, 1).command();

            cancel(TestTokens.user("alice"), jobId).statusCode(200)
                    .body("state", equalTo("cancelled"))
                    .body("cancelRequested", equalTo(false))
                    .body("finishedAt", notNullValue());
            JobControl control = worker.awaitControl(jobId, JobControl.Action.CANCEL);
            assertThat(control.attempt()).isEqualTo(1);
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.CANCELLED && e.sequence() == command.sequence() + 1));

            // the worker had taken the command already and reports a start: the cancelled job stays cancelled
            worker.start(command);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("cancelled")));
            cancel(TestTokens.user("alice"), jobId).statusCode(409).contentType("application/problem+json");
        }
    }

    @Test
    void anActiveJobIsStoppedByItsWorker() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand command = activeWithHeartbeats(worker, jobId);

            cancelByPost(TestTokens.user("alice"), jobId).statusCode(202)
                    .body("state", equalTo("active"))
                    .body("cancelRequested", equalTo(true));
            assertThat(worker.awaitControl(jobId, JobControl.Action.CANCEL).attempt()).isEqualTo(1);
            // asking again is harmless
            cancel(TestTokens.user("alice"), jobId).statusCode(202).body("cancelRequested", equalTo(true));

            worker.cancelled(command);
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("cancelled"))
                    .body("finishedAt", notNullValue()));
            assertThat(worker.controls(jobId)).noneMatch(c -> c.action() == JobControl.Action.DROP);
        }
    }

    @Test
    void aFailedAttemptOfAJobBeingCancelledIsNotRetried() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand command = worker.awaitCommand(jobId, 1).command();
            worker.start(command);
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("active")));
            cancel(TestTokens.user("alice"), jobId).statusCode(202);

            worker.fail(command, JobError.of("handler_error", "interrupted"));
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("cancelled")));
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.CANCELLED));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !worker.hasCommand(jobId, 2));
        }
    }

    @Test
    void aCancellationTheWorkerIgnoresEscalatesToFailedAndDrop() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            // the worker is alive (heartbeats) but does not stop the job
            JobCommand command = activeWithHeartbeats(worker, jobId);
            long requested = System.currentTimeMillis();
            cancel(TestTokens.user("alice"), jobId).statusCode(202);

            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("failed"))
                    .body("error.code", equalTo("cancel_timeout")));
            // escalation after 2 s in test, checked every second
            assertThat(System.currentTimeMillis() - requested).isGreaterThanOrEqualTo(2000);
            JobControl drop = worker.awaitControl(jobId, JobControl.Action.DROP);
            assertThat(drop.attempt()).isEqualTo(1);
            assertThat(new JobTable(pool).attemptErrors(jobId).get(0).get("code").asText()).isEqualTo("cancel_timeout");
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.FAILED && e.error().code().equals("cancel_timeout")));
            assertThat(worker.deadLetters(jobId)).isEmpty();

            // what the worker still reports is ignored
            worker.cancelled(command);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("failed")));
        }
    }

    @Test
    void finishedJobsAnswer409AndOtherUsersJobs404() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID done = submitSleep("alice");
            JobCommand command = worker.awaitCommand(done, 1).command();
            worker.start(command);
            worker.complete(command);
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), done).body("state", equalTo("completed")));
            cancel(TestTokens.user("alice"), done).statusCode(409).contentType("application/problem+json")
                    .body("status", equalTo(409));

            UUID alices = submitSleep("alice");
            cancel(TestTokens.user("bob"), alices).statusCode(404).contentType("application/problem+json");
            cancelByPost(TestTokens.user("bob"), alices).statusCode(404);
            cancel(TestTokens.user("bob"), UUID.randomUUID()).statusCode(404);
            given().auth().oauth2(TestTokens.user("bob")).when().delete("/api/jobs/not-a-uuid").then().statusCode(404);
            get(TestTokens.user("alice"), alices).body("state", equalTo("queued"));
            // an admin may cancel anyone's job
            cancel(TestTokens.admin("root"), alices).statusCode(200).body("state", equalTo("cancelled"));
            given().when().delete("/api/jobs/" + alices).then().statusCode(401);
        }
    }

    /** Plays a worker that started the job's first attempt and keeps heartbeating; returns its command. */
    private static JobCommand activeWithHeartbeats(PlayedWorker worker, UUID jobId) {
        JobCommand command = worker.awaitCommand(jobId, 1).command();
        worker.start(command);
        worker.heartbeat(command, Duration.ofMillis(500));
        await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                get(TestTokens.user("alice"), jobId).body("state", equalTo("active")));
        return command;
    }
}
