package dev.jobhub.api.job;

import static dev.jobhub.api.JobApi.submitSleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobhub.api.JobTable;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A poll of events applied as a batch, straight through the projection against the real job table: one job's whole
 * run in one poll, stale and superseded events beside newer ones, and a failed attempt that goes event by event.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobEventProjectionTest {

    @Inject
    Pool pool;

    @Inject
    JobEventProjection projection;

    @Test
    void aWholeRunInOnePollEndsCompletedWithItsStartWorkerProgressAndResult() {
        JobCommand run = commandOf(submitSleep("batcher"));
        JobEvent started = JobEvent.started(run, 2, "w-1");
        projection.applyAll(List.of(started,
                JobEvent.progress(run, 3, Progress.of(1, 2, "half"), "w-1"),
                JobEvent.progress(run, 4, Progress.of(2, 2, "all"), "w-1"),
                JobEvent.completed(run, 5, JsonNodeFactory.instance.objectNode().put("steps", 2), "w-1")))
                .await().indefinitely();

        Row row = row(run.jobId());
        assertThat(row.getString("state")).isEqualTo("completed");
        assertThat(row.getLong("last_sequence")).isEqualTo(5);
        assertThat(row.getString("worker_id")).isEqualTo("w-1");
        assertThat(row.getOffsetDateTime("started_at").toInstant()).isCloseTo(started.occurredAt(), within(1, ChronoUnit.MICROS));
        assertThat(row.getOffsetDateTime("finished_at")).isNotNull();
        assertThat(row.getString("progress")).contains("\"message\": \"all\"");
        assertThat(row.getString("result")).isEqualTo("{\"steps\": 2}");

        // the same events again, and a late progress: nothing changes after the final state
        projection.applyAll(List.of(JobEvent.progress(run, 4, Progress.of(2, 2, "again"), "w-2"),
                JobEvent.progress(run, 6, Progress.of(2, 2, "late"), "w-2"))).await().indefinitely();
        Row after = row(run.jobId());
        assertThat(after.getLong("last_sequence")).isEqualTo(5);
        assertThat(after.getString("worker_id")).isEqualTo("w-1");
        assertThat(after.getString("progress")).contains("\"message\": \"all\"");
    }

    @Test
    void eventsOfASupersededAttemptChangeNothingWhileANewerAttemptRuns() {
        JobCommand first = commandOf(submitSleep("batcher"));
        new JobTable(pool).execute("UPDATE jobs SET attempt = 2, last_sequence = 8, state = 'active' WHERE id = $1",
                Tuple.of(first.jobId()));

        projection.applyAll(List.of(JobEvent.completed(first, 9, null, "w-old"))).await().indefinitely();

        Row row = row(first.jobId());
        assertThat(row.getString("state")).isEqualTo("active");
        assertThat(row.getLong("last_sequence")).isEqualTo(8);
        assertThat(row.getInteger("attempt")).isEqualTo(2);
    }

    @Test
    void aFailedAttemptInThePollIsAppliedEventByEventBesideTheBatch() {
        JobCommand failing = commandOf(submitSleep("batcher"));
        JobCommand passing = commandOf(submitSleep("batcher"));

        projection.applyAll(List.of(JobEvent.started(failing, 2, "w-1"), JobEvent.started(passing, 2, "w-1"),
                JobEvent.attemptFailed(failing, 3, JobError.of("handler_error", "boom"), "w-1"),
                JobEvent.completed(passing, 3, null, "w-1"))).await().indefinitely();

        Row failed = row(failing.jobId());
        assertThat(failed.getString("state")).isEqualTo("retrying");
        assertThat(failed.getString("attempt_errors")).contains("boom");
        assertThat(row(passing.jobId()).getString("state")).isEqualTo("completed");
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideAndTheEventsAfterItAreApplied() {
        try (PlayedWorker worker = new PlayedWorker();
                TopicRecording setAside = TestKafka.record(Topics.EVENTS_DEAD_LETTER)) {
            UUID poisoned = submitSleep("batcher");
            UUID healthy = submitSleep("batcher");
            JobCommand poisonedRun = worker.awaitCommand(poisoned, 1).command();
            JobCommand healthyRun = worker.awaitCommand(healthy, 1).command();
            // PostgreSQL's jsonb refuses a NUL character, whatever the attempt
            JobEvent refused = JobEvent.progress(poisonedRun, 3, Progress.of(1, 2, "nul \u0000 inside"), "w-1");
            worker.publish(refused);
            worker.complete(healthyRun);

            await().atMost(PlayedWorker.WAIT).until(() -> row(healthy).getString("state").equals("completed"));
            await().atMost(PlayedWorker.WAIT).until(() -> setAside.events().stream()
                    .anyMatch(event -> event.id().equals(refused.id())));
            assertThat(row(poisoned).getString("state")).isEqualTo("queued");
        }
    }

    private static JobCommand commandOf(UUID jobId) {
        return JobCommand.run(jobId, "batcher", "sleep", Priority.NORMAL, JsonNodeFactory.instance.objectNode(), 1, 1,
                3, 60_000L);
    }

    private Row row(UUID jobId) {
        return pool.preparedQuery("""
                SELECT state, attempt, last_sequence, worker_id, started_at, finished_at, progress::text AS progress,
                       result::text AS result, attempt_errors::text AS attempt_errors
                  FROM jobs WHERE id = $1""").execute(Tuple.of(jobId)).await().indefinitely().iterator().next();
    }
}
