package dev.jobhub.api.job;

import static dev.jobhub.api.job.Submissions.PROBLEM;
import static dev.jobhub.api.job.Submissions.WAIT;
import static dev.jobhub.api.job.Submissions.assertNoCommandFor;
import static dev.jobhub.api.job.Submissions.get;
import static dev.jobhub.api.job.Submissions.job;
import static dev.jobhub.api.job.Submissions.outboxRowsOf;
import static dev.jobhub.api.job.Submissions.rows;
import static dev.jobhub.api.job.Submissions.sleep;
import static dev.jobhub.api.job.Submissions.submit;
import static dev.jobhub.api.job.Submissions.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Delayed jobs, retry policy and timeout fields, paused queues, and the queue position and ETA of the answer. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobSubmissionTest {

    @Inject
    Pool pool;

    @Test
    void aDelayedJobWaitsUndispatchedWithItsRunAt() {
        try (TopicRecording normal = TestKafka.record(Topics.COMMANDS_NORMAL)) {
            Instant before = Instant.now();
            ValidatableResponse answer = submit("dora", sleep("\"delayMs\":60000")).statusCode(202)
                    .body("state", equalTo("delayed"))
                    .body("runAt", notNullValue())
                    .body("position", notNullValue());
            UUID jobId = submitted(answer);

            Row row = job(pool, jobId);
            assertThat(row.getString("state")).isEqualTo("delayed");
            assertThat(row.getOffsetDateTime("dispatched_at")).isNull();
            assertThat(row.getOffsetDateTime("run_at").toInstant())
                    .isBetween(before.plusSeconds(59), Instant.now().plusSeconds(61));
            assertThat(outboxRowsOf(pool, jobId)).isZero();
            get("dora", jobId).statusCode(200)
                    .body("state", equalTo("delayed"))
                    .body("runAt", notNullValue())
                    .body("nextAttemptAt", nullValue());
            assertNoCommandFor(jobId, "dora", normal);
        }
    }

    @Test
    void aRunAtInTheFutureDelaysAndOneJustPastRunsNow() {
        String runAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        UUID delayed = submitted(submit("dora", sleep("\"runAt\":\"" + runAt + "\"")).body("state", equalTo("delayed")));
        assertThat(job(pool, delayed).getOffsetDateTime("run_at").toInstant()).isEqualTo(Instant.parse(runAt));

        String justPast = Instant.now().minusSeconds(2).toString();
        UUID now = submitted(submit("dora", sleep("\"runAt\":\"" + justPast + "\"")).body("state", equalTo("queued")));
        assertThat(job(pool, now).getOffsetDateTime("dispatched_at")).isNotNull();
    }

    @Test
    void badTimingAndRetryFieldsAreNamed() {
        invalid(sleep("\"runAt\":\"" + Instant.now().minusSeconds(60) + "\""), "runAt");
        invalid(sleep("\"runAt\":\"tomorrow\""), "runAt");
        invalid(sleep("\"delayMs\":-1"), "delayMs");
        invalid(sleep("\"delayMs\":10,\"runAt\":\"" + Instant.now().plusSeconds(60) + "\""), "delayMs");
        invalid(sleep("\"backoff\":{\"type\":\"linear\"}"), "backoff.type");
        invalid(sleep("\"backoff\":{\"type\":\"fixed\",\"delayMs\":-5}"), "backoff.delayMs");
        invalid(sleep("\"backoff\":{\"delayMs\":5000,\"maxDelayMs\":10}"), "backoff.maxDelayMs");
        invalid(sleep("\"backoff\":\"fast\""), "backoff");
        invalid(sleep("\"timeoutMs\":0"), "timeoutMs");
        invalid(sleep("\"timeoutMs\":86400001"), "timeoutMs");
        invalid(sleep("\"maxAttempts\":-2"), "maxAttempts");
        invalid(sleep("\"singletonKey\":\"\""), "singletonKey");
    }

    private static void invalid(String body, String field) {
        submit("dora", body).statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(field));
    }

    @Test
    void retryPolicyAndTimeoutAreStoredAndTheTimeoutIsOnTheCommand() {
        try (TopicRecording normal = TestKafka.record(Topics.COMMANDS_NORMAL)) {
            UUID custom = submitted(submit("dora", sleep(
                    "\"backoff\":{\"type\":\"fixed\",\"delayMs\":500},\"timeoutMs\":1234,\"maxAttempts\":4")));
            UUID plain = submitted(submit("dora", sleep("")));

            get("dora", custom).statusCode(200)
                    .body("backoff.type", equalTo("fixed"))
                    .body("backoff.delayMs", equalTo(500))
                    .body("backoff.maxDelayMs", equalTo(3_600_000))
                    .body("timeoutMs", equalTo(1234))
                    .body("maxAttempts", equalTo(4));
            get("dora", plain).statusCode(200).body("backoff", nullValue()).body("timeoutMs", equalTo(1_800_000));

            await().atMost(WAIT).until(() -> normal.commands().stream().map(JobCommand::jobId).toList()
                    .containsAll(java.util.List.of(custom, plain)));
            assertThat(command(normal, custom).timeoutMs()).isEqualTo(1234L);
            assertThat(command(normal, custom).maxAttempts()).isEqualTo(4);
            assertThat(command(normal, plain).timeoutMs()).isEqualTo(30 * 60_000L);
        }
    }

    @Test
    void aJobOfAPausedQueueIsStoredQueuedButNotDispatched() {
        rows(pool, "UPDATE queues SET paused = true WHERE priority = 'low'");
        try (TopicRecording low = TestKafka.record(Topics.COMMANDS_LOW)) {
            UUID jobId = submitted(submit("dora", sleep("\"priority\":\"low\"")).body("state", equalTo("queued")));

            Row row = job(pool, jobId);
            assertThat(row.getString("state")).isEqualTo("queued");
            assertThat(row.getOffsetDateTime("dispatched_at")).isNull();
            assertThat(row.getLong("last_sequence")).isZero();
            assertThat(outboxRowsOf(pool, jobId)).isZero();
            assertNoCommandFor(jobId, "dora", low);
        } finally {
            rows(pool, "UPDATE queues SET paused = false WHERE priority = 'low'");
        }
        // with the queue running again, inline dispatch is back
        UUID next = submitted(submit("dora", sleep("\"priority\":\"low\"")));
        assertThat(job(pool, next).getOffsetDateTime("dispatched_at")).isNotNull();
        assertThat(outboxRowsOf(pool, next)).isEqualTo(2);
    }

    @Test
    void positionGrowsForLaterJobsAndAHighJobIsAheadOfNormalOnes() {
        // the newest completed sleep job took 30 s, so the mean run time of the type is above zero whatever other
        // tests completed in microseconds before this one
        rows(pool, """
                INSERT INTO jobs (id, user_id, type, state, priority, payload, attempt, max_attempts, last_sequence,
                                  created_at, updated_at, started_at, finished_at)
                VALUES ($1, 'pia', 'sleep', 'completed', 'normal', '{}'::jsonb, 1, 3, 2,
                        now() - interval '31 seconds', now(), now() - interval '30 seconds', now())""",
                UUID.randomUUID());
        long first = position(submit("pia", sleep("")));
        long second = position(submit("pia", sleep("")));
        ValidatableResponse highAnswer = submit("pia", sleep("\"priority\":\"high\""));
        long high = position(highAnswer);
        long third = position(submit("pia", sleep("")));

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        // a normal job counts the high ones, a high job counts none of the normal ones
        assertThat(high).isLessThanOrEqualTo(first).isLessThan(second);
        Instant start = Instant.parse(highAnswer.extract().path("estimatedStartAt"));
        Instant finish = Instant.parse(highAnswer.extract().path("estimatedFinishAt"));
        assertThat(finish).isAfter(start);
        assertThat(start).isAfter(Instant.now().minusSeconds(60));

        // a GET shows the same while the job waits
        UUID waiting = submitted(submit("pia", sleep("")));
        long shown = ((Number) get("pia", waiting).statusCode(200).extract().path("position")).longValue();
        assertThat(shown).isGreaterThan(third);
    }

    @Test
    void aDelayedJobIsBehindJobsThatAreReadyBeforeItsRunAt() {
        long queued = position(submit("pia", sleep("")));
        long delayed = position(submit("pia", sleep("\"delayMs\":3600000")));
        assertThat(delayed).isGreaterThan(queued);
    }

    @Test
    void theViewShowsTheLifecycleFields() {
        UUID jobId = submitted(submit("dora", sleep("\"singletonKey\":\"view-" + UUID.randomUUID() + "\"")));
        rows(pool, """
                UPDATE jobs SET state = 'retrying', run_at = now() + interval '1 minute', worker_id = 'w-7',
                    cancel_requested_at = now(),
                    attempt_errors = '[{"attempt":1,"code":"handler_error","message":"boom"}]'::jsonb
                WHERE id = $1""", jobId);

        get("dora", jobId).statusCode(200)
                .body("state", equalTo("retrying"))
                .body("nextAttemptAt", notNullValue())
                .body("singletonKey", notNullValue())
                .body("workerId", equalTo("w-7"))
                .body("cancelRequested", equalTo(true))
                .body("cancelRequestedAt", notNullValue())
                .body("attemptErrors[0].code", equalTo("handler_error"))
                .body("position", nullValue());
    }

    private static long position(ValidatableResponse answer) {
        return ((Number) answer.statusCode(202).extract().path("position")).longValue();
    }

    private static JobCommand command(TopicRecording recording, UUID jobId) {
        return recording.commands().stream().filter(c -> c.jobId().equals(jobId)).findFirst().orElseThrow();
    }
}
