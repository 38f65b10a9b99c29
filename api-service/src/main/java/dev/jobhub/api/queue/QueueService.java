package dev.jobhub.api.queue;

import dev.jobhub.api.dispatch.LifecycleLoop;
import dev.jobhub.model.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Pausing a priority stops dispatch of its jobs (the dispatcher and the inline dispatch of submissions skip it);
 * its jobs wait, queued with no command, and nothing is lost. Resuming dispatches them at once. Jobs already
 * dispatched before the pause run as usual.
 */
@ApplicationScoped
public class QueueService {

    private static final String SET_PAUSED = "UPDATE queues SET paused = $2, updated_at = now(), updated_by = $3 WHERE priority = $1";
    private static final String LIST = """
            SELECT q.priority, q.paused, q.updated_at, q.updated_by,
                   count(j.id) FILTER (WHERE j.state = 'queued') AS waiting,
                   count(j.id) FILTER (WHERE j.state = 'active') AS active,
                   count(j.id) FILTER (WHERE j.state IN ('delayed', 'retrying')) AS scheduled
              FROM queues q
              LEFT JOIN jobs j ON j.priority = q.priority AND j.state IN ('queued', 'active', 'delayed', 'retrying')
             GROUP BY q.priority, q.paused, q.updated_at, q.updated_by
            """;

    private final Pool pool;
    private final LifecycleLoop loop;

    public QueueService(Pool pool, LifecycleLoop loop) {
        this.pool = pool;
        this.loop = loop;
    }

    public Uni<QueueView> setPaused(Priority priority, boolean paused, String userId) {
        return pool.preparedQuery(SET_PAUSED).execute(Tuple.of(priority.wireName(), paused, userId))
                .invoke(() -> {
                    if (!paused) {
                        loop.wakeUp();
                    }
                })
                .chain(() -> get(priority));
    }

    /** Every priority, high first. */
    public Uni<List<QueueView>> list() {
        return pool.query(LIST).execute().map(rows -> {
            List<QueueView> views = new ArrayList<>();
            rows.forEach(row -> views.add(view(row)));
            views.sort((a, b) -> a.priority().compareTo(b.priority()));
            return views;
        });
    }

    public Uni<QueueView> get(Priority priority) {
        return list().map(views -> views.stream().filter(view -> view.priority() == priority).findFirst()
                .orElseThrow());
    }

    private static QueueView view(Row row) {
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        return new QueueView(Priority.fromWire(row.getString("priority")), row.getBoolean("paused"),
                row.getLong("waiting"), row.getLong("active"), row.getLong("scheduled"),
                updatedAt == null ? null : updatedAt.toInstant(), row.getString("updated_by"));
    }
}
