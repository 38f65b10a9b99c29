package dev.jobhub.notify.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.testing.RealInfraResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expired stream messages go, chunk by chunk (5 a statement in the test profile); the others stay. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class StreamPurgeTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    StreamPurge purge;
    @Inject
    StreamConfig config;
    @Inject
    Scheduler scheduler;

    @AfterEach
    void resume() {
        scheduler.resume("stream-purge");
    }

    @Test
    void aRoundDeletesEveryExpiredMessageInChunksAndKeepsTheRest() {
        scheduler.pause("stream-purge");
        String user = "purge-" + UUID.randomUUID();
        OffsetDateTime expired = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention()).minusMinutes(1);
        int chunks = 2;
        List<UUID> old = insert(user, chunks * config.purgeChunk() + 2, expired);
        List<UUID> fresh = insert(user, 3, OffsetDateTime.now(ZoneOffset.UTC));

        int deleted = purge.purgeExpired().await().atMost(AWAIT);

        assertThat(deleted).as("more than one chunk in one round").isGreaterThanOrEqualTo(old.size());
        assertThat(idsOf(user)).containsExactlyInAnyOrderElementsOf(fresh);
    }

    private List<UUID> insert(String user, int count, OffsetDateTime createdAt) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            pool.preparedQuery("""
                    INSERT INTO notify.stream_messages (id, user_id, type, payload, created_at)
                    VALUES ($1, $2, 'system', '{}', $3)
                    """).execute(Tuple.of(id, user, createdAt)).await().atMost(AWAIT);
            ids.add(id);
        }
        return ids;
    }

    private List<UUID> idsOf(String user) {
        List<UUID> ids = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT id FROM notify.stream_messages WHERE user_id = $1")
                .execute(Tuple.of(user)).await().atMost(AWAIT)) {
            ids.add(row.getUUID("id"));
        }
        return ids;
    }
}
