package dev.jobhub.notify.push;

import dev.jobhub.notify.preference.PresenceConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;

/**
 * Records in {@code notify.presence} which users with a live WebSocket or SSE connection on this instance chose
 * presence-aware email, so that the store path of any instance can hold their emails while they are online. Only
 * those users are written: a notifier holding 10,000 connections writes a row per opted-in user per refresh, not one
 * per connection. The same statement drops this instance's rows of users who left, and every instance's rows that
 * went stale (an instance that died), so the table holds who is online now.
 */
@ApplicationScoped
public class PresenceTracker {

    private static final String REFRESH = """
            WITH online AS (
                SELECT p.user_id
                  FROM unnest($1::text[]) AS u(user_id)
                  JOIN notify.user_profiles p ON p.user_id = u.user_id
                 WHERE p.presence_aware_email),
            refreshed AS (
                INSERT INTO notify.presence (user_id, instance_id, seen_at)
                SELECT user_id, $2, now() FROM online
                ON CONFLICT (user_id, instance_id) DO UPDATE SET seen_at = now())
            DELETE FROM notify.presence
             WHERE (instance_id = $2 AND user_id NOT IN (SELECT user_id FROM online))
                OR seen_at < now() - $3::bigint * interval '1 millisecond'""";

    private final ConnectionRegistry connections;
    private final Pool pool;
    private final PresenceConfig config;
    private final UUID instanceId = UUID.randomUUID();
    /** Whether the last refresh had users to record: an idle instance then skips the statement altogether. */
    private volatile boolean hadUsers = true;

    public PresenceTracker(ConnectionRegistry connections, Pool pool, PresenceConfig config) {
        this.connections = connections;
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${jobhub.notify.presence.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh()
                .onFailure().invoke(failure -> Log.debugf("cannot record presence now: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    public Uni<Void> refresh() {
        String[] users = connections.connectedUsers().toArray(String[]::new);
        if (users.length == 0 && !hadUsers) {
            // nothing of this instance's is recorded and nobody is connected: readers ignore stale rows anyway
            return Uni.createFrom().voidItem();
        }
        Duration stale = config.staleAfter();
        return pool.preparedQuery(REFRESH).execute(Tuple.of(users, instanceId, stale.toMillis()))
                .invoke(() -> hadUsers = users.length > 0)
                .replaceWithVoid();
    }

    /** Best effort: the rows would go stale anyway. */
    void onStop(@Observes ShutdownEvent stop) {
        pool.preparedQuery("DELETE FROM notify.presence WHERE instance_id = $1").execute(Tuple.of(instanceId))
                .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(2));
    }
}
