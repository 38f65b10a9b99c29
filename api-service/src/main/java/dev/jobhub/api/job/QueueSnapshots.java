package dev.jobhub.api.job;

import dev.jobhub.model.Priority;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest {@link QueueSnapshot}, taken again when one is asked for and the last is older than
 * {@code jobhub.jobs.eta.refresh-every}: at most one set of backlog-sized queries per period whatever the request
 * rate, and none while nobody asks. Concurrent askers share one refresh. It reads through a connection of its own
 * from the pool, never inside a submission's transaction.
 */
@ApplicationScoped
public class QueueSnapshots {

    /** Up to this many waiting jobs of a priority, every ready time is read and positions are exact. */
    private static final int EXACT_UP_TO = 10_000;
    /** Beyond, 201 quantile points: positions within 0.5 %. */
    private static final Double[] FRACTIONS = new Double[201];

    static {
        for (int i = 0; i < FRACTIONS.length; i++) {
            FRACTIONS[i] = i / 200.0;
        }
    }

    private static final String WAITING = """
            SELECT priority, count(*)::bigint AS waiting,
                   CASE WHEN count(*) <= $2 THEN array_agg(ready ORDER BY ready)
                        ELSE percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY ready) END AS ready_times
              FROM (SELECT priority, (EXTRACT(EPOCH FROM CASE WHEN state = 'queued' THEN created_at
                                                            ELSE COALESCE(run_at, created_at) END)
                                      * 1000)::bigint AS ready
                      FROM jobs WHERE state IN ('queued', 'delayed', 'retrying')) waiting
             GROUP BY priority
            """;
    private static final String WAITING_TYPES = """
            SELECT priority, type, count(*)::bigint AS waiting
              FROM jobs WHERE state IN ('queued', 'delayed', 'retrying')
             GROUP BY priority, type
            """;
    private static final String MEANS = """
            SELECT type, avg(secs)::float8 AS secs
              FROM (SELECT type, EXTRACT(EPOCH FROM finished_at - started_at)::float8 AS secs
                      FROM jobs
                     WHERE finished_at IS NOT NULL AND finished_at > now() - interval '24 hours'
                       AND state = 'completed' AND started_at IS NOT NULL
                     ORDER BY finished_at DESC LIMIT 1000) recent
             GROUP BY type
            """;
    private static final String CAPACITY = """
            SELECT (SELECT count(*) FROM jobs WHERE state = 'active')::float8 AS active,
                   COALESCE((SELECT sum(secs) / GREATEST(EXTRACT(EPOCH FROM now() - min(finished_at)), 1)
                               FROM (SELECT finished_at, EXTRACT(EPOCH FROM finished_at - started_at) AS secs
                                       FROM jobs
                                      WHERE finished_at IS NOT NULL AND finished_at > now() - interval '10 minutes'
                                        AND state IN ('completed', 'failed') AND started_at IS NOT NULL
                                      ORDER BY finished_at DESC LIMIT 1000) recent), 0)::float8 AS busy
            """;

    private final Pool pool;
    private final long refreshNanos;
    private volatile QueueSnapshot latest;
    private volatile long takenAtNanos;
    private Uni<QueueSnapshot> refreshing;

    public QueueSnapshots(Pool pool, @ConfigProperty(name = "jobhub.jobs.eta.refresh-every") Duration refreshEvery) {
        this.pool = pool;
        this.refreshNanos = refreshEvery.toNanos();
    }

    /**
     * The latest snapshot. Once there is one, an answer never waits for the database: a snapshot older than the
     * refresh period is answered as it is while a new one is taken in the background (a request that holds a pooled
     * connection in its transaction must never wait for another, or a burst of them would take every connection and
     * wait forever). Only the first one, and every one when the period is zero (tests), is waited for.
     */
    public Uni<QueueSnapshot> current() {
        if (refreshNanos <= 0) {
            return take();
        }
        QueueSnapshot snapshot = latest;
        if (snapshot == null) {
            return refresh();
        }
        if (System.nanoTime() - takenAtNanos >= refreshNanos) {
            refresh().subscribe().with(fresh -> { }, failure -> Log.debugf("queue snapshot not taken: %s",
                    failure.getMessage()));
        }
        return Uni.createFrom().item(snapshot);
    }

    /** Takes the first snapshot at start, so that no request has to wait for one. */
    void onStart(@Observes StartupEvent event) {
        if (refreshNanos > 0) {
            refresh().subscribe().with(fresh -> { }, failure -> Log.debugf("first queue snapshot not taken: %s",
                    failure.getMessage()));
        }
    }

    /** One refresh at a time, shared by whoever asks meanwhile. */
    private synchronized Uni<QueueSnapshot> refresh() {
        if (refreshing == null) {
            refreshing = take().eventually(() -> {
                synchronized (this) {
                    refreshing = null;
                }
            }).memoize().indefinitely();
        }
        return refreshing;
    }

    private Uni<QueueSnapshot> take() {
        long startedAt = System.nanoTime();
        Map<Priority, QueueSnapshot.Waiting> byPriority = QueueSnapshot.emptyQueues();
        Map<Priority, Map<String, Long>> types = new HashMap<>();
        Map<String, Double> means = new HashMap<>();
        return pool.preparedQuery(WAITING_TYPES).execute().invoke(rows -> rows.forEach(row -> types
                        .computeIfAbsent(Priority.fromWire(row.getString("priority")), p -> new HashMap<>())
                        .put(row.getString("type"), row.getLong("waiting"))))
                .chain(() -> pool.preparedQuery(WAITING).execute(Tuple.of(FRACTIONS, EXACT_UP_TO)))
                .invoke(rows -> rows.forEach(row -> {
                    Priority priority = Priority.fromWire(row.getString("priority"));
                    byPriority.put(priority, new QueueSnapshot.Waiting(row.getLong("waiting"), readyTimes(row),
                            types.getOrDefault(priority, Map.of())));
                }))
                .chain(() -> pool.preparedQuery(MEANS).execute())
                .invoke(rows -> rows.forEach(row -> means.put(row.getString("type"), row.getDouble("secs"))))
                .chain(() -> pool.preparedQuery(CAPACITY).execute())
                .map(rows -> {
                    Row row = rows.iterator().next();
                    QueueSnapshot snapshot = new QueueSnapshot(byPriority, means, row.getDouble("active"),
                            row.getDouble("busy"));
                    latest = snapshot;
                    takenAtNanos = startedAt;
                    return snapshot;
                });
    }

    private static long[] readyTimes(Row row) {
        Long[] values = row.getArrayOfLongs("ready_times");
        long[] readyTimes = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            // never null by the query's COALESCE; a hole would only shift a rank by one
            readyTimes[i] = values[i] == null ? Long.MIN_VALUE : values[i];
        }
        return readyTimes;
    }
}
