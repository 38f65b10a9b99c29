package dev.jobhub.api.dispatch;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.submit;
import static dev.jobhub.api.JobApi.submitSleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.JobTable;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobEventType;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stalled-job recovery with the test timers: stall timeout 3 s, checked every second. A job whose heartbeats stop
 * is re-dispatched as a new attempt; a job whose heartbeats flow is left alone however long it runs.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class StallRecoveryTest {

    private static final long STALL_TIMEOUT_MS = 3000;
    private static final long CHECK_INTERVAL_MS = 1000;
    private static final long LATENCY_TOLERANCE_MS = 1500;

    @Inject
    Pool pool;

    @Test
    void aJobWithoutHeartbeatsIsDispatchedAgainAsANewAttempt() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand first = worker.awaitCommand(jobId, 1).command();
            long started = System.currentTimeMillis();
            worker.start(first);

            PlayedWorker.Received second = worker.awaitCommand(jobId, 2);
            assertThat(second.timestamp() - started)
                    .isBetween(STALL_TIMEOUT_MS, STALL_TIMEOUT_MS + CHECK_INTERVAL_MS + LATENCY_TOLERANCE_MS);
            JobControl drop = worker.awaitControl(jobId, JobControl.Action.DROP);
            assertThat(drop.attempt()).isEqualTo(1);
            JsonNode errors = new JobTable(pool).attemptErrors(jobId);
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).get("code").asText()).isEqualTo("stalled");
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.RETRYING && e.error().code().equals("stalled")));

            // the presumed-dead worker comes back and completes attempt 1: stale; attempt 2 completes the job
            worker.complete(first);
            worker.start(second.command());
            worker.complete(second.command());
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("completed")).body("attempts", equalTo(2)));
        }
    }

    @Test
    void aJobWithHeartbeatsIsNeverDispatchedAgain() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand first = worker.awaitCommand(jobId, 1).command();
            worker.start(first);
            worker.heartbeat(first, Duration.ofMillis(500));

            await().during(Duration.ofMillis(3 * STALL_TIMEOUT_MS)).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("active")));
            assertThat(worker.hasCommand(jobId, 2)).isFalse();
            assertThat(worker.controls(jobId)).isEmpty();

            worker.stopHeartbeats();
            worker.complete(first);
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("completed")));
        }
    }

    @Test
    void aJobStalledOnItsLastAttemptFailsWithADeadLetter() {
        try (PlayedWorker worker = new PlayedWorker()) {
            String body = "{\"type\":\"sleep\",\"maxAttempts\":1,\"payload\":{\"steps\":1,\"stepMillis\":1}}";
            UUID jobId = UUID.fromString(submit("alice", body).statusCode(202).extract().path("jobId"));
            worker.start(worker.awaitCommand(jobId, 1).command());

            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("failed")).body("error.code", equalTo("stalled")));
            await().atMost(PlayedWorker.WAIT).until(() -> worker.deadLetters(jobId).size() == 1);
            assertThat(worker.deadLetters(jobId).get(0).errors()).hasSize(1);
            worker.awaitControl(jobId, JobControl.Action.DROP);
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.FAILED));
            assertThat(worker.hasCommand(jobId, 2)).isFalse();
        }
    }

    @Test
    void aStalledJobWhoseCancellationIsPendingEndsCancelledInsteadOfRunningAgain() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            worker.start(worker.awaitCommand(jobId, 1).command());
            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("active")));
            // a cancellation pending while the worker is dead; dated ahead so that the escalation (2 s in test)
            // does not win the race against the stall sweep (3 s)
            new JobTable(pool).execute("UPDATE jobs SET cancel_requested_at = now() + interval '1 hour', "
                    + "cancel_reason = 'test' WHERE id = $1", Tuple.of(jobId));

            await().atMost(PlayedWorker.WAIT).untilAsserted(() ->
                    get(TestTokens.user("alice"), jobId).body("state", equalTo("cancelled")));
            worker.awaitControl(jobId, JobControl.Action.DROP);
            assertThat(worker.hasCommand(jobId, 2)).isFalse();
            await().atMost(PlayedWorker.WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.CANCELLED));
        }
    }
}
