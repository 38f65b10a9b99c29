package dev.jobhub.notify.inapp;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads each user's unread count: the notifications their center shows that are unread. The counts live in
 * {@code unread_counts}, which triggers on {@code notifications} keep current whatever changes a notification (see
 * V006), so a read is one primary-key lookup however many notifications a user has.
 */
@ApplicationScoped
public class UnreadCounter {

    private static final String READ = "SELECT user_id, unread FROM notify.unread_counts WHERE user_id = ANY($1)";

    private final Pool pool;

    public UnreadCounter(Pool pool) {
        this.pool = pool;
    }

    /** The count of each of {@code users} that ever had a notification, in the caller's transaction. */
    public Uni<Map<String, Long>> countsWithin(SqlClient connection, Collection<String> users) {
        return connection.preparedQuery(READ).execute(Tuple.of(users.toArray(String[]::new))).map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            rows.forEach(row -> counts.put(row.getString("user_id"), row.getLong("unread")));
            return counts;
        });
    }

    public Uni<Long> count(String userId) {
        return countsWithin(pool, List.of(userId)).map(counts -> counts.getOrDefault(userId, 0L));
    }
}
