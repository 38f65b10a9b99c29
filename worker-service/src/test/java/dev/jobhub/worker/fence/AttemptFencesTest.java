package dev.jobhub.worker.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.testing.RealInfraResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fence store against the test run's real PostgreSQL. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class AttemptFencesTest {

    @Inject
    AttemptFences fences;

    @Inject
    AttemptFenceCleanup cleanup;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAttemptIsTakenOnceWhoeverAsks() throws SQLException {
        UUID jobId = UUID.randomUUID();
        AttemptKey first = new AttemptKey(jobId, 1);
        AttemptKey second = new AttemptKey(jobId, 2);
        assertThat(fences.taken(List.of(first, second))).isEmpty();

        assertThat(fences.take(List.of(first), "worker-a")).containsExactly(first);
        assertThat(fences.take(List.of(first, second, second), "worker-b"))
                .as("the first attempt was worker-a's; the second is asked for twice, taken once")
                .containsExactly(second);

        assertThat(fences.taken(List.of(first, second, new AttemptKey(jobId, 3))))
                .containsExactlyInAnyOrder(first, second);
        assertThat(fences.take(List.of(), "worker-a")).isEmpty();
    }

    @Test
    void fencesOlderThanTheRetentionAreDeletedInBatches() throws SQLException {
        UUID jobId = UUID.randomUUID();
        List<AttemptKey> old = List.of(new AttemptKey(jobId, 1), new AttemptKey(jobId, 2), new AttemptKey(jobId, 3),
                new AttemptKey(jobId, 4), new AttemptKey(jobId, 5));
        AttemptKey recent = new AttemptKey(jobId, 6);
        fences.take(old, "worker-a");
        fences.take(List.of(recent), "worker-a");
        age(jobId, old.size(), Duration.ofDays(8));

        Instant cutoff = Instant.now().minus(Duration.ofDays(7));
        assertThat(fences.deleteTakenBefore(cutoff, 2)).isEqualTo(2);
        assertThat(cleanup.cleanUp()).as("the rest, in the configured batches").isGreaterThanOrEqualTo(3);

        assertThat(fences.taken(old)).isEmpty();
        assertThat(fences.taken(List.of(recent))).containsExactly(recent);
    }

    /** Backdates the first {@code attempts} attempts of the job. */
    private void age(UUID jobId, int attempts, Duration by) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE worker.attempt_fences"
                        + " SET taken_at = now() - make_interval(secs => ?) WHERE job_id = ? AND attempt <= ?")) {
            update.setLong(1, by.toSeconds());
            update.setObject(2, jobId);
            update.setInt(3, attempts);
            assertThat(update.executeUpdate()).isEqualTo(attempts);
        }
    }
}
