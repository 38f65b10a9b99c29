package dev.jobhub.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.jobhub.api.JobApi;
import dev.jobhub.api.job.JobService;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The firing of schedules: once per tick with two firing loops at once (two replicas), a row locked by another
 * firer is skipped rather than waited for, and after downtime a schedule fires once and continues from now.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ScheduleFirerTest {

    private static final String JOBS_OF = "SELECT count(*) FROM api.jobs WHERE schedule_id = ?";

    @Inject
    JobService jobs;

    @Inject
    ScheduleValidator validator;

    @Inject
    ScheduleFiringLoop loop;

    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreadsAndSchedules() {
        threads.shutdownNow();
        // schedules left due would fire in other tests' rounds
        JobRows.update("UPDATE api.schedules SET enabled = false, next_run_at = NULL WHERE user_id LIKE 'fire-%'");
    }

    @Test
    void eachTickFiresExactlyOnceWithTwoFiringLoopsRunningAtOnce() throws Exception {
        UUID id = ScheduleApi.createFor(JobRows.uniqueUser("fire"), "* * * * *");
        Instant firstTick = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", firstTick, id);
        AtomicReference<Instant> now = new AtomicReference<>(firstTick.plusSeconds(20));
        InstantSource clock = now::get;
        ScheduleFirer replicaA = new ScheduleFirer(jobs, validator, clock, 100);
        ScheduleFirer replicaB = new ScheduleFirer(jobs, validator, clock, 100);

        for (int tick = 1; tick <= 3; tick++) {
            // both loops run several rounds at the same moment, as two replicas' 1 s loops would
            raceFiring(replicaA, replicaB, 4);

            assertThat(JobRows.count(JOBS_OF, id)).as("jobs after tick %d", tick).isEqualTo(tick);
            Instant expectedNext = firstTick.plus(Duration.ofMinutes(tick));
            assertThat(nextRunAt(id)).isEqualTo(expectedNext);
            assertThat(JobRows.instant("SELECT last_run_at FROM api.schedules WHERE id = ?", id))
                    .isEqualTo(now.get());
            // nothing more fires until the clock reaches the next tick
            raceFiring(replicaA, replicaB, 2);
            assertThat(JobRows.count(JOBS_OF, id)).isEqualTo(tick);
            now.set(now.get().plus(Duration.ofMinutes(1)));
        }
    }

    @Test
    void aScheduleLockedByAnotherFirerIsSkippedNotWaitedFor() throws Exception {
        UUID id = ScheduleApi.createFor(JobRows.uniqueUser("fire"), "* * * * *");
        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", tick, id);
        ScheduleFirer firer = new ScheduleFirer(jobs, validator, () -> tick.plusSeconds(1), 100);

        try (Connection other = JobRows.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = JobRows.prepare(other,
                    "SELECT id FROM api.schedules WHERE id = ? FOR UPDATE", id)) {
                lock.executeQuery().close();
            }
            // with a plain FOR UPDATE this would block until the other transaction ends: it must return at once
            Future<Integer> round = threads.submit(() -> fire(firer));
            round.get(10, TimeUnit.SECONDS);
            assertThat(JobRows.count(JOBS_OF, id)).isZero();
            assertThat(nextRunAt(id)).isEqualTo(tick);
            other.rollback();
        }

        fire(firer);
        assertThat(JobRows.count(JOBS_OF, id)).isEqualTo(1);
        assertThat(nextRunAt(id)).isEqualTo(tick.plus(Duration.ofMinutes(1)));
    }

    @Test
    void afterDowntimeAScheduleFiresOnceAndContinuesFromNowAndShowsItsLastRun() throws Exception {
        String user = JobRows.uniqueUser("fire");
        UUID id = ScheduleApi.createFor(user, "*/10 * * * *");
        // missed 6 ticks: the loop was down for an hour
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?",
                Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), id);
        ScheduleFirer firer = new ScheduleFirer(jobs, validator, Clock.systemUTC(), 100);

        Instant before = Instant.now();
        fire(firer);
        fire(firer);

        assertThat(JobRows.count(JOBS_OF, id)).isEqualTo(1);
        Instant next = nextRunAt(id);
        assertThat(next).isAfter(before).isBeforeOrEqualTo(before.plus(Duration.ofMinutes(10)));
        assertThat(next.atZone(java.time.ZoneOffset.UTC).getMinute() % 10).isZero();

        String jobId = ScheduleApi.get(TestTokens.user(user), id).statusCode(200)
                .body("lastRunAt", notNullValue())
                .body("lastJobId", notNullValue())
                .body("lastError", org.hamcrest.Matchers.nullValue())
                .body("nextRunAt", equalTo(next.toString()))
                .extract().path("lastJobId");
        Instant lastRun = Instant.parse(ScheduleApi.get(TestTokens.user(user), id).extract().path("lastRunAt"));
        assertThat(lastRun).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.MILLIS));
        // the job belongs to the schedule's owner, carries the schedule's payload and its schedule id
        JobApi.get(TestTokens.user(user), UUID.fromString(jobId)).statusCode(200)
                .body("type", equalTo("sleep"))
                .body("userId", equalTo(user))
                .body("payload.steps", equalTo(1));
        assertThat(JobRows.value("SELECT schedule_id FROM api.jobs WHERE id = ?", UUID.fromString(jobId)))
                .isEqualTo(id);
    }

    @Test
    void aScheduleWhoseFiringFailsSkipsItsTickAndDoesNotHoldUpTheOthers() throws Exception {
        UUID poisoned = ScheduleApi.createFor(JobRows.uniqueUser("fire-poison"), "* * * * *");
        UUID healthy = ScheduleApi.createFor(JobRows.uniqueUser("fire"), "* * * * *");
        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20));
        // the failing one is due first, so it is picked first
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", tick.minusSeconds(60), poisoned);
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", tick, healthy);
        JobRows.update("""
                CREATE FUNCTION api.test_refuse_poisoned_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.user_id LIKE 'fire-poison-%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                    RETURN NEW;
                END $$""");
        JobRows.update("CREATE TRIGGER test_refuse_poisoned_jobs BEFORE INSERT ON api.jobs FOR EACH ROW "
                + "EXECUTE FUNCTION api.test_refuse_poisoned_jobs()");
        try {
            fire(new ScheduleFirer(jobs, validator, () -> tick.plusSeconds(10), 100));
        } finally {
            JobRows.update("DROP TRIGGER test_refuse_poisoned_jobs ON api.jobs");
            JobRows.update("DROP FUNCTION api.test_refuse_poisoned_jobs()");
        }

        assertThat(JobRows.count(JOBS_OF, healthy)).isEqualTo(1);
        assertThat(JobRows.count(JOBS_OF, poisoned)).isZero();
        assertThat(nextRunAt(poisoned)).isEqualTo(tick.plus(Duration.ofMinutes(1)));
        assertThat((String) JobRows.value("SELECT last_error FROM api.schedules WHERE id = ?", poisoned))
                .contains("refused by the test");
    }

    @Test
    void aDisabledScheduleDoesNotFire() throws Exception {
        String user = JobRows.uniqueUser("fire");
        UUID id = ScheduleApi.createFor(user, "* * * * *");
        ScheduleApi.patch(TestTokens.user(user), id, "{\"enabled\":false}").statusCode(200);
        Instant past = Instant.now().minus(Duration.ofMinutes(3));
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", past, id);

        fire(new ScheduleFirer(jobs, validator, Clock.systemUTC(), 100));

        assertThat(JobRows.count(JOBS_OF, id)).isZero();
    }

    @Test
    void theFiringLoopSubmitsTheJobAndItsCommandReachesKafka() throws Exception {
        String user = JobRows.uniqueUser("fire");
        String token = TestTokens.user(user);
        String id = ScheduleApi.create(token, "{\"name\":\"hot\",\"cron\":\"* * * * *\",\"jobType\":\"sleep\","
                + "\"priority\":\"high\",\"maxAttempts\":4,\"payload\":{\"steps\":2,\"stepMillis\":1}}")
                .statusCode(201).extract().path("id");
        JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?",
                Instant.now().minus(Duration.ofMinutes(2)), UUID.fromString(id));

        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_HIGH)) {
            // the scheduler calls this every second on a worker thread (off in tests)
            loop.fireDueSchedules();

            String jobId = ScheduleApi.get(token, UUID.fromString(id)).statusCode(200)
                    .extract().path("lastJobId");
            assertThat(jobId).isNotNull();
            await().atMost(Duration.ofSeconds(20)).until(() -> commands.commands().stream()
                    .anyMatch(command -> command.jobId().toString().equals(jobId)));
            JobCommand command = commands.commands().stream()
                    .filter(c -> c.jobId().toString().equals(jobId)).findFirst().orElseThrow();
            assertThat(command.userId()).isEqualTo(user);
            assertThat(command.maxAttempts()).isEqualTo(4);
            assertThat(command.payload().get("steps").asInt()).isEqualTo(2);
        }
    }

    /** Runs {@code rounds} firing rounds on each firer, both starting at the same moment on their own threads. */
    private void raceFiring(ScheduleFirer a, ScheduleFirer b, int rounds) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> loops = new ArrayList<>();
        for (ScheduleFirer firer : List.of(a, b)) {
            loops.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    fire(firer);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
    }

    private static int fire(ScheduleFirer firer) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(firer::fireDue);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant nextRunAt(UUID id) {
        return JobRows.instant("SELECT next_run_at FROM api.schedules WHERE id = ?", id);
    }
}
