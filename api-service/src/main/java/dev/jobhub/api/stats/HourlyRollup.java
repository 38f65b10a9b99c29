package dev.jobhub.api.stats;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rolls finished jobs up into {@code job_stats_hourly}, one row per hour (of finished_at, UTC), user and type, so
 * the history survives retention. Every complete hour is rolled up once it is older than
 * {@code jobhub.stats.rollup-delay} (a grace for events still on their way to the projection).
 *
 * <p>Safe with replicas: a round locks the bookkeeping row {@code rollup_watermarks('job_stats_hourly')} with
 * {@code FOR UPDATE SKIP LOCKED}; a replica that finds it locked skips the round. The upsert and the new watermark
 * commit together, and the upsert is idempotent, so a round that fails half-way is simply repeated.
 */
@ApplicationScoped
public class HourlyRollup {

    static final String WATERMARK = "job_stats_hourly";

    private static final String LOCK_WATERMARK = """
            SELECT rolled_up_to FROM rollup_watermarks WHERE name = $1 FOR UPDATE SKIP LOCKED
            """;

    private static final String FIRST_FINISHED_HOUR = """
            SELECT date_trunc('hour', min(finished_at), 'UTC') AS hour FROM jobs WHERE finished_at IS NOT NULL
            """;

    private static final String UPSERT = """
            INSERT INTO job_stats_hourly (hour, user_id, type, completed, failed, cancelled, p50_ms, p95_ms, mean_ms)
            SELECT date_trunc('hour', finished_at, 'UTC'), user_id, type,
                   count(*) FILTER (WHERE state = 'completed'),
                   count(*) FILTER (WHERE state = 'failed'),
                   count(*) FILTER (WHERE state = 'cancelled'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'completed'),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'completed'),
                   avg(ms) FILTER (WHERE state = 'completed')
            FROM (SELECT finished_at, user_id, type, state, %s AS ms FROM jobs
                  WHERE finished_at >= $1 AND finished_at < $2
                    AND state IN ('completed', 'failed', 'cancelled')) finished
            GROUP BY 1, 2, 3
            ON CONFLICT (hour, user_id, type) DO UPDATE SET
                completed = EXCLUDED.completed, failed = EXCLUDED.failed, cancelled = EXCLUDED.cancelled,
                p50_ms = EXCLUDED.p50_ms, p95_ms = EXCLUDED.p95_ms, mean_ms = EXCLUDED.mean_ms
            """.formatted(JobStatsService.DURATION_MS);

    private static final String ADVANCE = """
            UPDATE rollup_watermarks SET rolled_up_to = $2, updated_at = now() WHERE name = $1
            """;

    private final Pool pool;
    private final Duration delay;

    public HourlyRollup(Pool pool, @ConfigProperty(name = "jobhub.stats.rollup-delay") Duration delay) {
        this.pool = pool;
        this.delay = delay;
    }

    @Scheduled(identity = "hourly-rollup", every = "${jobhub.stats.rollup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRollUp() {
        try {
            rollUpCompleteHours().await().atMost(Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            Log.warnf(e, "hourly roll-up failed; retrying at the next round");
        }
    }

    /**
     * Rolls up every complete hour since the watermark (since the first finished job on the first round) and
     * advances the watermark.
     *
     * @return the new watermark, or null if another replica holds the bookkeeping row
     */
    public Uni<Instant> rollUpCompleteHours() {
        Instant cutoff = Instant.now().minus(delay).truncatedTo(ChronoUnit.HOURS);
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_WATERMARK).execute(Tuple.of(WATERMARK))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().<Instant>nullItem();
                    }
                    OffsetDateTime rolledUpTo = rows.iterator().next().getOffsetDateTime("rolled_up_to");
                    Uni<Instant> from = rolledUpTo != null
                            ? Uni.createFrom().item(rolledUpTo.toInstant())
                            : connection.query(FIRST_FINISHED_HOUR).execute().map(hours -> {
                                OffsetDateTime first = hours.iterator().next().getOffsetDateTime("hour");
                                return first == null ? cutoff : first.toInstant();
                            });
                    return from.flatMap(start -> start.isBefore(cutoff)
                            ? upsert(connection, start, cutoff).replaceWith(cutoff)
                            : Uni.createFrom().item(start))
                            .call(watermark -> connection.preparedQuery(ADVANCE)
                                    .execute(Tuple.of(WATERMARK, JobStatsService.utc(watermark))));
                }));
    }

    /** (Re)computes the roll-ups of the hours in [from, to); idempotent. Does not move the watermark. */
    public Uni<Integer> rollUp(Instant from, Instant to) {
        return pool.withConnection(connection -> upsert(connection, from, to));
    }

    private static Uni<Integer> upsert(SqlConnection connection, Instant from, Instant to) {
        return connection.preparedQuery(UPSERT)
                .execute(Tuple.of(JobStatsService.utc(from.truncatedTo(ChronoUnit.HOURS)),
                        JobStatsService.utc(to.truncatedTo(ChronoUnit.HOURS))))
                .map(rows -> rows.rowCount())
                .invoke(count -> Log.debugf("rolled up %d (hour, user, type) rows in [%s, %s)", count, from, to));
    }
}
