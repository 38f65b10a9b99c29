package dev.jobhub.api.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Retention (7 days for completed jobs, 30 for failed and cancelled; batches of 3 in tests): what is old enough
 * and rolled up is moved to the archive; nothing else is touched.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobRetentionTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    @Inject
    JobRetention retention;

    @Test
    void onlyJobsOldEnoughAndRolledUpAreArchivedAndDeleted() {
        String user = JobRows.uniqueUser("retain");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<UUID> oldCompleted = new ArrayList<>();
        // seven completed jobs 8 days old: more than two batches
        for (int i = 0; i < 7; i++) {
            oldCompleted.add(JobRows.finished(user, "completed", now.minus(Duration.ofDays(8)).plusSeconds(i), TICK)
                    .insert());
        }
        UUID youngCompleted = JobRows.finished(user, "completed", now.minus(Duration.ofDays(6)), TICK).insert();
        UUID youngFailed = JobRows.finished(user, "failed", now.minus(Duration.ofDays(8)), TICK).insert();
        UUID oldFailed = JobRows.finished(user, "failed", now.minus(Duration.ofDays(31)), TICK).insert();
        UUID oldCancelled = JobRows.finished(user, "cancelled", now.minus(Duration.ofDays(31)), TICK).insert();
        UUID waiting = JobRows.job(user, "queued").created(now.minus(Duration.ofDays(40))).insert();
        UUID running = JobRows.job(user, "active").created(now.minus(Duration.ofDays(40))).insert();

        // roll-ups only reach 9 days back: the 8-day-old jobs must stay until their hour is rolled up
        setWatermark(now.minus(Duration.ofDays(9)));
        retention.removeExpired(now, true).await().atMost(Duration.ofSeconds(30));
        assertThat(remaining(user)).containsExactlyInAnyOrderElementsOf(concat(oldCompleted,
                List.of(youngCompleted, youngFailed, waiting, running)));

        setWatermark(now.truncatedTo(ChronoUnit.HOURS));
        retention.removeExpired(now, true).await().atMost(Duration.ofSeconds(30));

        assertThat(remaining(user)).containsExactlyInAnyOrder(youngCompleted, youngFailed, waiting, running);
        assertThat(archived(user)).containsExactlyInAnyOrderElementsOf(concat(oldCompleted,
                List.of(oldFailed, oldCancelled)));
        // the archive keeps the row's fields, and when it was archived
        assertThat(JobRows.value("SELECT state FROM api.jobs_archive WHERE id = ?", oldFailed)).isEqualTo("failed");
        assertThat(JobRows.instant("SELECT finished_at FROM api.jobs_archive WHERE id = ?", oldCancelled))
                .isEqualTo(now.minus(Duration.ofDays(31)));
        assertThat(JobRows.instant("SELECT archived_at FROM api.jobs_archive WHERE id = ?", oldFailed))
                .isAfter(now.minusSeconds(60));
        assertThat(JobRows.value("SELECT payload->>'steps' FROM api.jobs_archive WHERE id = ?", oldFailed))
                .isEqualTo("1");
    }

    @Test
    void withoutArchivingOldJobsAreOnlyDeleted() {
        String user = JobRows.uniqueUser("retain");
        Instant now = Instant.now();
        UUID old = JobRows.finished(user, "completed", now.minus(Duration.ofDays(10)), TICK).insert();
        UUID young = JobRows.finished(user, "completed", now.minus(Duration.ofDays(1)), TICK).insert();
        setWatermark(now.truncatedTo(ChronoUnit.HOURS));

        retention.removeExpired(now, false).await().atMost(Duration.ofSeconds(30));

        assertThat(remaining(user)).containsExactly(young);
        assertThat(archived(user)).isEmpty();
        assertThat(JobRows.count("SELECT count(*) FROM api.jobs WHERE id = ?", old)).isZero();
    }

    @Test
    void twoReplicasCleaningAtOnceRemoveEachJobOnce() {
        String user = JobRows.uniqueUser("retain");
        Instant now = Instant.now();
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            old.add(JobRows.finished(user, "completed", now.minus(Duration.ofDays(9)).plusSeconds(i), TICK).insert());
        }
        setWatermark(now.truncatedTo(ChronoUnit.HOURS));

        CompletableFuture<Integer> a = retention.removeExpired(now, true).subscribeAsCompletionStage();
        CompletableFuture<Integer> b = retention.removeExpired(now, true).subscribeAsCompletionStage();
        a.join();
        b.join();

        assertThat(remaining(user)).isEmpty();
        assertThat(archived(user)).containsExactlyInAnyOrderElementsOf(old);
    }

    private static void setWatermark(Instant rolledUpTo) {
        JobRows.update("UPDATE api.rollup_watermarks SET rolled_up_to = ? WHERE name = 'job_stats_hourly'",
                rolledUpTo);
    }

    private static List<UUID> remaining(String user) {
        return ids("SELECT string_agg(id::text, ',') FROM api.jobs WHERE user_id = ?", user);
    }

    private static List<UUID> archived(String user) {
        return ids("SELECT string_agg(id::text, ',') FROM api.jobs_archive WHERE user_id = ?", user);
    }

    private static List<UUID> ids(String sql, String user) {
        Object joined = JobRows.value(sql, user);
        List<UUID> ids = new ArrayList<>();
        if (joined != null) {
            for (String id : joined.toString().split(",")) {
                ids.add(UUID.fromString(id));
            }
        }
        return ids;
    }

    private static List<UUID> concat(List<UUID> first, List<UUID> second) {
        List<UUID> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
