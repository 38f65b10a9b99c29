package dev.jobhub.api.job;

import static dev.jobhub.api.job.Submissions.PROBLEM;
import static dev.jobhub.api.job.Submissions.rows;
import static dev.jobhub.api.job.Submissions.sleep;
import static dev.jobhub.api.job.Submissions.submit;
import static dev.jobhub.api.job.Submissions.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** singletonKey (pg-boss semantics: one unfinished job per type and key) and the Idempotency-Key header. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SingletonAndIdempotencyTest {

    @Inject
    Pool pool;

    @Inject
    IdempotencyKeys keys;

    @Test
    void aSecondUnfinishedJobWithTheSameKeyIs409WithTheExistingJobsId() {
        String key = "report-" + UUID.randomUUID();
        UUID first = submitted(submit("sam", sleep("\"singletonKey\":\"" + key + "\"")));

        submit("sam", sleep("\"singletonKey\":\"" + key + "\"")).statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("existingJobId", equalTo(first.toString()));
        // keys are per owner: another user's job neither blocks the submission nor is named to it
        UUID toms = submitted(submit("tom", sleep("\"singletonKey\":\"" + key + "\"")));
        assertThat(toms).isNotEqualTo(first);
        submit("tom", sleep("\"singletonKey\":\"" + key + "\"")).statusCode(409)
                .body("existingJobId", equalTo(toms.toString()));
        // a delayed one holds the key as well
        String delayedKey = "delayed-" + UUID.randomUUID();
        UUID delayed = submitted(submit("sam", sleep("\"delayMs\":60000,\"singletonKey\":\"" + delayedKey + "\"")));
        submit("sam", sleep("\"singletonKey\":\"" + delayedKey + "\"")).statusCode(409)
                .body("existingJobId", equalTo(delayed.toString()));

        submitted(submit("sam", sleep("\"singletonKey\":\"" + key + "-other\"")));

        // once the job is finished, the key is free again
        rows(pool, "UPDATE jobs SET state = 'completed', finished_at = now() WHERE id = $1", first);
        UUID next = submitted(submit("sam", sleep("\"singletonKey\":\"" + key + "\"")));
        assertThat(next).isNotEqualTo(first);
    }

    @Test
    void concurrentSubmissionsWithOneKeyCreateOneJob() throws Exception {
        String key = "race-" + UUID.randomUUID();
        List<ExtractableResponse<Response>> answers = concurrently(8,
                () -> submit("sam", sleep("\"singletonKey\":\"" + key + "\"")).extract());

        List<ExtractableResponse<Response>> accepted = answers.stream().filter(a -> a.statusCode() == 202).toList();
        assertThat(accepted).hasSize(1);
        String winner = accepted.get(0).path("jobId");
        assertThat(answers).filteredOn(a -> a.statusCode() != 202)
                .allSatisfy(a -> {
                    assertThat(a.statusCode()).isEqualTo(409);
                    assertThat(a.contentType()).startsWith(PROBLEM);
                })
                .extracting(a -> (String) a.path("existingJobId")).containsOnly(winner);
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE singleton_key = $1", key).get(0).getLong(0)).isEqualTo(1);
    }

    /**
     * The race the pre-check cannot see: another transaction holds an uncommitted job with the key. The submission's
     * insert waits on the unique index, fails when that transaction commits, and is answered 409 with its id.
     */
    @Test
    void aSubmissionThatLosesTheRaceOnTheUniqueIndexIs409() throws Exception {
        String key = "held-" + UUID.randomUUID();
        UUID holder = UUID.randomUUID();
        SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Transaction transaction = connection.begin().await().atMost(Duration.ofSeconds(10));
            connection.preparedQuery("""
                    INSERT INTO jobs (id, user_id, type, state, priority, payload, attempt, max_attempts, last_sequence,
                                      created_at, updated_at, singleton_key)
                    VALUES ($1, 'sam', 'sleep', 'queued', 'normal', '{}'::jsonb, 1, 3, 0, now(), now(), $2)""")
                    .execute(Tuple.of(holder, key)).await().atMost(Duration.ofSeconds(10));
            Future<ExtractableResponse<Response>> answer = executor.submit(
                    () -> submit("sam", sleep("\"singletonKey\":\"" + key + "\"")).extract());
            Thread.sleep(1_500);
            assertThat(answer.isDone()).as("the submission waits for the other transaction").isFalse();
            transaction.commit().await().atMost(Duration.ofSeconds(10));

            ExtractableResponse<Response> conflict = answer.get(20, TimeUnit.SECONDS);
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat((String) conflict.path("existingJobId")).isEqualTo(holder.toString());
        } finally {
            connection.close().await().atMost(Duration.ofSeconds(10));
            executor.shutdownNow();
        }
        assertThat(rows(pool, "SELECT count(*) FROM jobs WHERE singleton_key = $1", key).get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameJobWithoutCreatingAnother() {
        String user = "idem-" + UUID.randomUUID();
        String key = "k-" + UUID.randomUUID();
        String body = sleep("\"priority\":\"high\"");

        ExtractableResponse<Response> first = submit(user, body, key).statusCode(202).extract();
        ExtractableResponse<Response> again = submit(user, body, key).statusCode(202)
                .header("Idempotent-Replayed", "true").extract();

        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(jobsOf(user)).isEqualTo(1);

        // the key is the user's: another user with the same key gets a job of their own
        String other = "idem-" + UUID.randomUUID();
        String othersJob = submit(other, body, key).statusCode(202).extract().path("jobId");
        assertThat(othersJob).isNotEqualTo(first.path("jobId"));
        assertThat(jobsOf(other)).isEqualTo(1);

        // the same key for a different request is refused
        submit(user, sleep("\"priority\":\"low\""), key).statusCode(422).contentType(PROBLEM);
        assertThat(jobsOf(user)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyCreateOneJob() throws Exception {
        String user = "idem-" + UUID.randomUUID();
        String key = "k-" + UUID.randomUUID();
        List<ExtractableResponse<Response>> answers = concurrently(6, () -> submit(user, sleep(""), key).extract());

        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
        assertThat(answers).extracting(a -> (String) a.path("jobId")).containsOnly((String) answers.get(0).path("jobId"));
        assertThat(answers).filteredOn(a -> a.header("Idempotent-Replayed") == null).hasSize(1);
        assertThat(jobsOf(user)).isEqualTo(1);
    }

    @Test
    void keysOlderThanADayAreIgnoredAndCleanedUp() {
        String user = "idem-" + UUID.randomUUID();
        String key = "old-" + UUID.randomUUID();
        UUID first = submitted(submit(user, sleep(""), key));
        rows(pool, "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1", user);

        UUID second = submitted(submit(user, sleep(""), key));
        assertThat(second).isNotEqualTo(first);

        String stale = "stale-" + UUID.randomUUID();
        submitted(submit(user, sleep(""), stale));
        rows(pool, "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", stale);
        assertThat(keys.deleteExpired().await().indefinitely()).isGreaterThanOrEqualTo(1);
        assertThat(rows(pool, "SELECT count(*) FROM idempotency_keys WHERE user_id = $1", user).get(0).getLong(0))
                .isEqualTo(1);
    }

    @Test
    void anOverlongIdempotencyKeyIs400() {
        submit("sam", sleep(""), "x".repeat(256)).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    private long jobsOf(String user) {
        return rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0);
    }

    @Test
    void aBurstOfSingletonSubmissionsBeyondThePoolSizeIsAccepted() throws Exception {
        // three times as many at once as the pool has connections: each submission holds one for its transaction,
        // and its singleton check must run on that one instead of waiting for another that no one gives back
        String prefix = "burst-" + UUID.randomUUID();
        AtomicInteger next = new AtomicInteger();
        List<Integer> statuses = concurrently(60, () -> submit("bea",
                sleep("\"singletonKey\":\"" + prefix + "-" + next.incrementAndGet() + "\"")).extract().statusCode());
        assertThat(statuses).hasSize(60).containsOnly(202);
    }

    private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
