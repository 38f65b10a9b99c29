package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The store path remembers the jobs it has seen, and forgets those whose events stopped long enough ago. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobPositionPurgeTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    JobPositions positions;

    @Test
    void aJobsPositionIsKeptForTheRetentionAndPurgedAfterIt() {
        TestJobs job = jobOf(someUser("alice"));
        send(job.started());
        await().atMost(AWAIT).until(() -> sequenceOf(job.id()) != null);
        assertThat(sequenceOf(job.id())).isEqualTo(2L);

        positions.purge(Instant.now().minus(Duration.ofHours(1))).await().atMost(AWAIT);
        assertThat(sequenceOf(job.id())).as("moved within the retention: kept").isEqualTo(2L);

        int purged = positions.purge(Instant.now().plusSeconds(1)).await().atMost(AWAIT);
        assertThat(purged).isPositive();
        assertThat(sequenceOf(job.id())).as("not moved within the retention: purged").isNull();
    }

    private Long sequenceOf(UUID jobId) {
        var rows = pool.preparedQuery("SELECT sequence FROM notify.job_positions WHERE job_id = $1")
                .execute(Tuple.of(jobId)).await().atMost(AWAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getLong(0);
    }
}
