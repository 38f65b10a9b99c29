package dev.jobhub.api.lifecycle;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.submitSleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.JobTable;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.DeadLetter;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retries with backoff, played against the real Kafka and PostgreSQL: the default policy is exponential from 1 s
 * with equal jitter, so the wait after attempt n is in [2^(n-1) * 0.5 s, 2^(n-1) s].
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class RetryWithBackoffTest {

    /** dispatcher tick (200 ms in test) + outbox relay + Kafka, on a busy 2-core machine */
    private static final long LATENCY_TOLERANCE_MS = 1500;

    @Inject
    Pool pool;

    @Test
    void aJobFailingTwiceSucceedsOnAttempt3AfterTheBackoffDelays() {
        JobTable table = new JobTable(pool);
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand first = worker.awaitCommand(jobId, 1).command();

            worker.start(first);
            long failed1 = System.currentTimeMillis();
            worker.fail(first, JobError.of("handler_error", "failed at step 1 of job " + jobId));
            // read the row while it waits (the dispatcher moves it on within a second)
            Row retrying = await().atMost(PlayedWorker.WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> table.row(jobId), row -> row.getString("state").equals("retrying"));
            assertThat(retrying.getLong("wait_ms")).isBetween(500L, 1000L);
            assertThat(retrying.getString("error_fingerprint")).isNotNull();

            PlayedWorker.Received second = worker.awaitCommand(jobId, 2);
            assertThat(second.command().sequence()).isGreaterThan(first.sequence() + 2);
            assertThat(second.command().maxAttempts()).isEqualTo(3);
            assertThat(second.command().timeoutMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(second.timestamp() - failed1).isBetween(500L, 1000L + LATENCY_TOLERANCE_MS);

            worker.start(second.command());
            long failed2 = System.currentTimeMillis();
            worker.fail(second.command(), JobError.of("handler_error", "failed at step 2 of job " + jobId));
            PlayedWorker.Received third = worker.awaitCommand(jobId, 3);
            assertThat(third.timestamp() - failed2).isBetween(1000L, 2000L + LATENCY_TOLERANCE_MS);

            worker.start(third.command());
            worker.complete(third.command());
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("completed"))
                    .body("result.ok", equalTo(true))
                    .body("finishedAt", notNullValue()));
            JsonNode errors = table.attemptErrors(jobId);
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0).get("attempt").asInt()).isEqualTo(1);
            assertThat(errors.get(1).get("attempt").asInt()).isEqualTo(2);
            assertThat(errors.get(1).get("code").asText()).isEqualTo("handler_error");
            assertThat(table.row(jobId).getInteger("attempt")).isEqualTo(3);
            // the job.queued of each attempt, written by api-service, and the worker's job.retrying of attempts 1 and 2
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> {
                assertThat(worker.events(jobId).stream().filter(e -> e.type() == JobEventType.QUEUED)
                        .map(JobEvent::attempt)).containsExactly(1, 2, 3);
                assertThat(worker.events(jobId).stream().filter(e -> e.type() == JobEventType.RETRYING)
                        .map(JobEvent::attempt)).containsExactly(1, 2);
            });
        }
    }

    @Test
    void theLastFailedAttemptFailsTheJobWithADeadLetterAndLaterEventsChangeNothing() {
        JobTable table = new JobTable(pool);
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand command = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                command = worker.awaitCommand(jobId, attempt).command();
                worker.start(command);
                worker.fail(command, JobError.of("handler_error", "disk 0x1f full after " + attempt + " steps"));
            }
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("failed"))
                    .body("error.code", equalTo("handler_error"))
                    .body("finishedAt", notNullValue()));
            await().atMost(PlayedWorker.WAIT).until(() -> worker.deadLetters(jobId).size() == 1);
            DeadLetter deadLetter = worker.deadLetters(jobId).get(0);
            assertThat(deadLetter.attempts()).isEqualTo(3);
            assertThat(deadLetter.maxAttempts()).isEqualTo(3);
            assertThat(deadLetter.jobType()).isEqualTo("sleep");
            assertThat(deadLetter.errors()).extracting(DeadLetter.AttemptError::attempt).containsExactly(1, 2, 3);
            assertThat(table.attemptErrors(jobId)).hasSize(3);
            // the three attempts failed "the same way": one failure group
            String fingerprint = table.row(jobId).getString("error_fingerprint");
            assertThat(fingerprint).isEqualTo(ErrorFingerprint.of("disk 0x1f full after 1 steps", "handler_error", "sleep"));

            // the worker of attempt 3 reports more, and a late event of attempt 2 arrives: the failed job stays failed
            worker.publish(JobEvent.started(command, command.sequence() + 10, "late-worker"));
            worker.publish(JobEvent.completed(command, command.sequence() + 11, null, "late-worker"));
            JobCommand attempt2 = worker.command(jobId, 2).orElseThrow().command();
            worker.publish(JobEvent.completed(attempt2, attempt2.sequence() + 50, null, "late-worker"));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> get(TestTokens.user("alice"), jobId).body("state", equalTo("failed")));
            assertThat(worker.hasCommand(jobId, 4)).isFalse();
        }
    }

    @Test
    void aPermanentErrorFailsAtOnce() {
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitSleep("alice");
            JobCommand command = worker.awaitCommand(jobId, 1).command();
            worker.start(command);
            worker.fail(command, JobError.permanent("invalid_payload", "steps must be positive"));
            await().atMost(PlayedWorker.WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                    .body("state", equalTo("failed"))
                    .body("error.code", equalTo("invalid_payload")));
            await().atMost(PlayedWorker.WAIT).until(() -> worker.deadLetters(jobId).size() == 1);
            assertThat(worker.deadLetters(jobId).get(0).errors()).hasSize(1);
            assertThat(worker.hasCommand(jobId, 2)).isFalse();
        }
    }
}
