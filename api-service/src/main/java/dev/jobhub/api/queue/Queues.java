package dev.jobhub.api.queue;

import dev.jobhub.model.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the pause flag of a priority's queue (table {@code queues}); whoever dispatches asks here first. */
public final class Queues {

    /** A condition on a {@code jobs j} row: its queue is not paused. */
    public static final String NOT_PAUSED = "NOT EXISTS (SELECT 1 FROM queues q WHERE q.priority = j.priority AND q.paused)";

    private static final String PAUSED = "SELECT paused FROM queues WHERE priority = $1";

    private Queues() {
    }

    public static Uni<Boolean> isPaused(SqlClient client, Priority priority) {
        return client.preparedQuery(PAUSED).execute(Tuple.of(priority.wireName()))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("paused"));
    }
}
