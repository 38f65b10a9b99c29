package dev.jobhub.api.retention;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Removes finished jobs once they are old enough: completed after {@code jobhub.retention.completed-days},
 * failed and cancelled after {@code jobhub.retention.failed-days} (counted from finished_at), moving them to
 * {@code api.jobs_archive} unless {@code jobhub.retention.archive=false}.
 *
 * <p>Only jobs whose hour is already in {@code job_stats_hourly} (finished before the roll-up's watermark) are
 * removed, so statistics never lose them. Each batch is one statement (delete the rows picked with
 * {@code FOR UPDATE SKIP LOCKED} and insert what the delete returned into the archive), so it is atomic, and
 * replicas running at once take disjoint batches.
 */
@ApplicationScoped
public class JobRetention {

    /** The rows a batch removes; $1 completed before, $2 failed/cancelled before, $3 batch size. */
    private static final String DOOMED = """
            SELECT id FROM jobs
            WHERE finished_at < (SELECT rolled_up_to FROM rollup_watermarks WHERE name = 'job_stats_hourly')
              AND ((state = 'completed' AND finished_at < $1)
                   OR (state IN ('failed', 'cancelled') AND finished_at < $2))
            ORDER BY finished_at
            LIMIT $3
            FOR UPDATE SKIP LOCKED
            """;

    private static final String DELETE_ONLY = "DELETE FROM jobs WHERE id IN (" + DOOMED + ")";

    /** Columns of jobs that jobs_archive has too, in the order of jobs. */
    private static final String SHARED_COLUMNS = """
            SELECT j.column_name, a.column_name IS NOT NULL AS archived
            FROM information_schema.columns j
            LEFT JOIN information_schema.columns a
              ON a.table_schema = j.table_schema AND a.table_name = 'jobs_archive' AND a.column_name = j.column_name
            WHERE j.table_schema = current_schema() AND j.table_name = 'jobs'
            ORDER BY j.ordinal_position
            """;

    private final Pool pool;
    private final RetentionConfig config;
    private volatile String archiveStatement;

    public JobRetention(Pool pool, RetentionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(identity = "job-retention", every = "${jobhub.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCleanup() {
        try {
            int removed = removeExpired().await().atMost(Duration.ofMinutes(10));
            if (removed > 0) {
                Log.infof("retention removed %d finished jobs (archive=%s)", removed, config.archive());
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "job retention failed; retrying at the next round");
        }
    }

    /** One cleanup round with the configured ages and archive setting; @return how many jobs it removed. */
    public Uni<Integer> removeExpired() {
        return removeExpired(Instant.now(), config.archive());
    }

    /** One cleanup round as of {@code now}: batches until one comes back short or the round's limit is reached. */
    public Uni<Integer> removeExpired(Instant now, boolean archive) {
        Tuple limits = Tuple.of(utc(now.minus(config.completedAge())), utc(now.minus(config.failedAge())),
                config.batchSize());
        return statement(archive).flatMap(sql -> batches(sql, limits, 0, 0));
    }

    private Uni<Integer> batches(String sql, Tuple limits, int batch, int removed) {
        if (batch >= config.maxBatches()) {
            return Uni.createFrom().item(removed);
        }
        return pool.preparedQuery(sql).execute(limits).flatMap(rows -> rows.rowCount() < config.batchSize()
                ? Uni.createFrom().item(removed + rows.rowCount())
                : batches(sql, limits, batch + 1, removed + rows.rowCount()));
    }

    private Uni<String> statement(boolean archive) {
        if (!archive) {
            return Uni.createFrom().item(DELETE_ONLY);
        }
        if (archiveStatement != null) {
            return Uni.createFrom().item(archiveStatement);
        }
        return pool.query(SHARED_COLUMNS).execute().map(rows -> {
            List<String> columns = new ArrayList<>();
            for (Row row : rows) {
                if (row.getBoolean("archived")) {
                    columns.add('"' + row.getString("column_name") + '"');
                } else {
                    // a migration added a column to jobs but not to jobs_archive: the archive keeps the rest
                    Log.warnf("column jobs.%s is not in jobs_archive; archived jobs lose it",
                            row.getString("column_name"));
                }
            }
            String list = columns.stream().collect(Collectors.joining(", "));
            archiveStatement = "WITH moved AS (DELETE FROM jobs WHERE id IN (" + DOOMED + ") RETURNING " + list + ")\n"
                    + "INSERT INTO jobs_archive (" + list + ", archived_at) SELECT " + list + ", now() FROM moved\n"
                    + "ON CONFLICT (id) DO NOTHING";
            return archiveStatement;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
