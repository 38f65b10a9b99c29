package dev.jobhub.notify.push;

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /ws}: a client receives every event of its user's jobs, as the JobEvent JSON, for as long as it stays
 * connected. Nothing is replayed: a client that (re)connects loads the current state over REST first.
 *
 * <p>{@code @Authenticated} secures the HTTP upgrade itself: without a valid token the upgrade is answered 401 and
 * no connection exists. The token comes from the {@code Authorization} header or, for browsers, which cannot set
 * headers on a WebSocket, from the {@code access_token} query parameter ({@link AccessTokenQueryParameter}).
 */
@WebSocket(path = EventSocket.PATH)
@Authenticated
public class EventSocket {

    public static final String PATH = "/ws";

    private final ConnectionRegistry registry;
    private final SecurityIdentity identity;
    private final TokenExpiry expiry;

    public EventSocket(ConnectionRegistry registry, SecurityIdentity identity, TokenExpiry expiry) {
        this.registry = registry;
        this.identity = identity;
        this.expiry = expiry;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        String userId = userId();
        registry.register(userId, new WebSocketTarget(connection));
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            expiry.closeAt(connection, jwt.getExpirationTime());
        }
        Log.debugf("WebSocket %s opened for user %s", connection.id(), userId);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        registry.unregister(connection.id());
        expiry.forget(connection);
    }

    /**
     * The JWT subject, as REST's CurrentUser reads it; never the principal name, which may be the upn. A token without
     * a subject never gets here (TokenRules refuses it at the upgrade).
     */
    private String userId() {
        return ((JsonWebToken) identity.getPrincipal()).getSubject();
    }
}
