package dev.jobhub.notify.push;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a WebSocket when the token it was opened with expires (close code 1008, policy violation): the token is
 * checked only at the upgrade, and an open socket must not outlive the right to read its events. The client
 * reconnects with a fresh token.
 */
@ApplicationScoped
public class TokenExpiry {

    static final int POLICY_VIOLATION = 1008;

    private final Vertx vertx;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    public TokenExpiry(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Schedules the close of {@code connection} at {@code expiresAtEpochSecond} (the JWT {@code exp}). */
    public void closeAt(WebSocketConnection connection, long expiresAtEpochSecond) {
        long delay = Math.max(1, expiresAtEpochSecond * 1000 - System.currentTimeMillis());
        long timer = vertx.setTimer(delay, id -> {
            timers.remove(connection.id());
            Log.debugf("WebSocket %s: token expired, closing", connection.id());
            connection.close(new CloseReason(POLICY_VIOLATION, "token expired")).subscribe().with(
                    done -> { },
                    failure -> Log.debugf("WebSocket %s already closed: %s", connection.id(), failure.getMessage()));
        });
        timers.put(connection.id(), timer);
    }

    /** The connection closed first: its timer is no longer needed. */
    public void forget(WebSocketConnection connection) {
        Long timer = timers.remove(connection.id());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
