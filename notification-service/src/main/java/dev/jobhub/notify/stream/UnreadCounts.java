package dev.jobhub.notify.stream;

import dev.jobhub.notify.inapp.UnreadCounter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Tells a user's live stream their unread count after they changed it (read, unread, read-all, delete). */
@ApplicationScoped
public class UnreadCounts {

    private final Pool pool;
    private final UnreadCounter counter;
    private final StreamLog stream;

    public UnreadCounts(Pool pool, UnreadCounter counter, StreamLog stream) {
        this.pool = pool;
        this.counter = counter;
        this.stream = stream;
    }

    public Uni<Void> changed(String userId) {
        return pool.withTransaction(connection -> counter.countsWithin(connection, Set.of(userId))
                .chain(counts -> stream.appendWithin(connection,
                        List.of(StreamMessages.unreadCount(userId, counts.getOrDefault(userId, 0L))))));
    }
}
