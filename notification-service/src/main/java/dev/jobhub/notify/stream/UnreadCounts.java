package dev.jobhub.notify.stream;

import dev.jobhub.notify.inapp.NotificationWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Tells a user's live stream their unread count after they changed it (read, unread, read-all, delete). */
@ApplicationScoped
public class UnreadCounts {

    private final Pool pool;
    private final NotificationWriter notifications;
    private final StreamLog stream;

    public UnreadCounts(Pool pool, NotificationWriter notifications, StreamLog stream) {
        this.pool = pool;
        this.notifications = notifications;
        this.stream = stream;
    }

    public Uni<Void> changed(String userId) {
        return pool.withTransaction(connection -> notifications.unreadCountsWithin(connection, Set.of(userId))
                .chain(counts -> stream.appendWithin(connection,
                        List.of(StreamMessages.unreadCount(userId, counts.getOrDefault(userId, 0L))))));
    }
}
