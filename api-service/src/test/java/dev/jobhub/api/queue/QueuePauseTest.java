package dev.jobhub.api.queue;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.jobhub.api.JobTable;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pausing a priority holds its jobs back, undispatched; resuming dispatches them; other priorities go on. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class QueuePauseTest {

    private static final String SLEEP_ONE = "{\"type\":\"sleep\",\"maxAttempts\":1,\"priority\":\"%s\","
            + "\"payload\":{\"steps\":1,\"stepMillis\":1}}";

    @Inject
    Pool pool;

    static ValidatableResponse queueAction(String token, String priority, String action) {
        return given().auth().oauth2(token).when().post("/api/queues/" + priority + "/" + action).then();
    }

    @Test
    void onlyAdminsPauseAndUnknownPrioritiesAre400() {
        queueAction(TestTokens.user("alice"), "normal", "pause").statusCode(403).contentType("application/problem+json");
        queueAction(TestTokens.user("alice"), "normal", "resume").statusCode(403);
        queueAction(TestTokens.admin("root"), "urgent", "pause").statusCode(400).contentType("application/problem+json");
        given().when().post("/api/queues/normal/pause").then().statusCode(401);
        given().auth().oauth2(TestTokens.user("alice")).when().get("/api/queues").then().statusCode(200)
                .body("priority", hasItems("high", "normal", "low"))
                .body("find { it.priority == 'normal' }.paused", equalTo(false));
    }

    @Test
    void aPausedQueueHoldsItsJobsUntilResumedWhileOthersRun() {
        JobTable table = new JobTable(pool);
        try (PlayedWorker worker = new PlayedWorker()) {
            // a normal job that failed, to be retried while the queue is paused
            UUID failed = UUID.fromString(submit("alice", SLEEP_ONE.formatted("normal")).statusCode(202)
                    .extract().path("jobId"));
            JobCommand command = worker.awaitCommand(failed, 1).command();
            worker.start(command);
            worker.fail(command, JobError.of("handler_error", "boom"));
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), failed).body("state", equalTo("failed")));

            queueAction(TestTokens.admin("root"), "normal", "pause").statusCode(200)
                    .body("priority", equalTo("normal")).body("paused", equalTo(true))
                    .body("updatedBy", equalTo("root"));
            try {
                given().auth().oauth2(TestTokens.user("alice")).post("/api/jobs/" + failed + "/retry").then()
                        .statusCode(202).body("state", equalTo("queued"));
                // a normal job waiting for dispatch, as the submission path writes it while its queue is paused
                UUID waiting = insertUndispatched("normal");
                UUID high = UUID.fromString(submit("alice", SLEEP_ONE.formatted("high")).statusCode(202)
                        .extract().path("jobId"));

                worker.awaitCommand(high, 1);
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                        .until(() -> !worker.hasCommand(failed, 2) && !worker.hasCommand(waiting, 1));
                assertThat(table.row(failed).getValue("dispatched_at")).isNull();
                given().auth().oauth2(TestTokens.user("alice")).when().get("/api/queues").then().statusCode(200)
                        .body("find { it.priority == 'normal' }.paused", equalTo(true))
                        .body("find { it.priority == 'normal' }.waiting", org.hamcrest.Matchers.greaterThanOrEqualTo(2));

                queueAction(TestTokens.admin("root"), "normal", "resume").statusCode(200).body("paused", equalTo(false));
                assertThat(worker.awaitCommand(failed, 2).command().maxAttempts()).isEqualTo(2);
                JobCommand waitingCommand = worker.awaitCommand(waiting, 1).command();
                assertThat(waitingCommand.sequence()).isEqualTo(1);
                assertThat(waitingCommand.timeoutMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
            } finally {
                queueAction(TestTokens.admin("root"), "normal", "resume").statusCode(200);
            }
        }
    }

    private UUID insertUndispatched(String priority) {
        UUID id = UUID.randomUUID();
        new JobTable(pool).execute("""
                INSERT INTO jobs (id, user_id, type, state, priority, payload, attempt, max_attempts, last_sequence,
                                  created_at, updated_at)
                VALUES ($1, 'alice', 'sleep', 'queued', $2, '{"steps":1,"stepMillis":1}'::jsonb, 1, 3, 0, now(), now())
                """, Tuple.of(id, priority));
        return id;
    }
}
