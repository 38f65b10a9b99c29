package dev.jobhub.api.stats;

import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics over the job table (live numbers) and over {@code job_stats_hourly} (history that outlives the job
 * rows). {@code userId} null means every user's jobs (admins).
 */
@ApplicationScoped
public class JobStatsService {

    /** Waiting = not yet running: queued, delayed or retrying. */
    static final String WAITING_STATES = "('queued', 'delayed', 'retrying')";

    /** Duration of a finished job in milliseconds; null if it never started. */
    static final String DURATION_MS = "extract(epoch FROM (finished_at - started_at))::double precision * 1000";

    private static final String BY_STATE = """
            SELECT type, state, count(*) AS n FROM jobs
            WHERE created_at >= $1 AND ($2::text IS NULL OR user_id = $2)
            GROUP BY type, state
            """;

    private static final String FINISHED = """
            SELECT count(*) FILTER (WHERE state = 'completed') AS completed,
                   count(*) FILTER (WHERE state = 'failed') AS failed,
                   avg(ms) FILTER (WHERE state = 'completed') AS mean_ms,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'completed') AS p95_ms
            FROM (SELECT state, %s AS ms FROM jobs
                  WHERE finished_at >= $1 AND ($2::text IS NULL OR user_id = $2)
                    AND state IN ('completed', 'failed')) finished
            """.formatted(DURATION_MS);

    private static final String WAITING = """
            SELECT priority, count(*) AS n,
                   (extract(epoch FROM (now() - min(created_at))) * 1000)::bigint AS oldest_age_ms
            FROM jobs
            WHERE state IN %s AND ($1::text IS NULL OR user_id = $1)
            GROUP BY priority
            """.formatted(WAITING_STATES);

    private static final String HOURLY = """
            SELECT hour, user_id, type, completed, failed, cancelled, p50_ms, p95_ms, mean_ms FROM job_stats_hourly
            WHERE hour >= $1 AND hour < $2 AND ($3::text IS NULL OR user_id = $3) AND ($4::text IS NULL OR type = $4)
            ORDER BY hour, user_id, type
            """;

    private final Pool pool;

    public JobStatsService(Pool pool) {
        this.pool = pool;
    }

    public Uni<JobStats> stats(String userId, StatsWindow window) {
        Instant since = Instant.now().minus(window.duration());
        Tuple sinceAndUser = Tuple.of(utc(since), userId);
        Uni<Map<String, Map<String, Long>>> byState = pool.preparedQuery(BY_STATE).execute(sinceAndUser)
                .map(rows -> {
                    Map<String, Map<String, Long>> counts = new TreeMap<>();
                    for (Row row : rows) {
                        counts.computeIfAbsent(row.getString("type"), type -> everyStateZero())
                                .put(row.getString("state"), row.getLong("n"));
                    }
                    return counts;
                });
        Uni<Row> finished = pool.preparedQuery(FINISHED).execute(sinceAndUser)
                .map(rows -> rows.iterator().next());
        Uni<List<Row>> waitingRows = pool.preparedQuery(WAITING).execute(Tuple.of(userId))
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                });
        return Uni.combine().all().unis(byState, finished, waitingRows).with((states, done, queued) -> {
            long completed = done.getLong("completed");
            long failed = done.getLong("failed");
            Double successRate = completed + failed == 0 ? null : (double) completed / (completed + failed);
            Map<String, Long> depth = new LinkedHashMap<>();
            for (Priority priority : Priority.values()) {
                depth.put(priority.wireName(), 0L);
            }
            Long oldest = null;
            for (Row row : queued) {
                depth.put(row.getString("priority"), row.getLong("n"));
                long age = row.getLong("oldest_age_ms");
                oldest = oldest == null ? age : Math.max(oldest, age);
            }
            return new JobStats(window.text(), since, userId, states, successRate, done.getDouble("mean_ms"),
                    done.getDouble("p95_ms"), depth, oldest);
        });
    }

    /** Roll-ups of the hours in [from, to), optionally of one user and one type. */
    public Uni<List<HourlyStats>> hourly(String userId, Instant from, Instant to, String type) {
        return pool.preparedQuery(HOURLY).execute(Tuple.of(utc(from), utc(to), userId, type))
                .map(rows -> {
                    List<HourlyStats> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new HourlyStats(row.getOffsetDateTime("hour").toInstant(), row.getString("user_id"),
                                row.getString("type"), row.getInteger("completed"), row.getInteger("failed"),
                                row.getInteger("cancelled"), row.getDouble("p50_ms"), row.getDouble("p95_ms"),
                                row.getDouble("mean_ms")));
                    }
                    return list;
                });
    }

    private static Map<String, Long> everyStateZero() {
        Map<String, Long> states = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            states.put(state.wireName(), 0L);
        }
        return states;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
