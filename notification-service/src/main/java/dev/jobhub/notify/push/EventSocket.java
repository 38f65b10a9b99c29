package dev.jobhub.notify.push;

import dev.jobhub.support.problem.Causes;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
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
    /** RFC 6455: the endpoint received a message too big for it to process. */
    static final int MESSAGE_TOO_BIG = 1009;

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

    /**
     * Clients send nothing on this socket, so a frame or message over the limit
     * ({@code quarkus.websockets-next.server.max-frame-size}, {@code max-message-size}) is a broken or hostile
     * client: it is closed with 1009 (message too big) and one log line, not the 1011 and stack trace of an
     * unhandled failure. Anything else closes with 1011 and one line too.
     */
    @OnError
    public Uni<Void> onError(WebSocketConnection connection, Throwable failure) {
        if (isTooBig(failure)) {
            Log.infof("WebSocket %s closed: a frame over the size limit", connection.id());
            return connection.close(new CloseReason(MESSAGE_TOO_BIG, "message too big"));
        }
        Log.warnf("WebSocket %s closed after an error: %s", connection.id(), failure);
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    private static boolean isTooBig(Throwable failure) {
        // a frame over the frame limit fails in the decoder; fragments over the message limit, as Vert.x gathers
        // them, fail with its IllegalStateException naming the max message size
        return Causes.anyMatch(failure, t -> t instanceof CorruptedWebSocketFrameException
                || t instanceof TooLongFrameException
                || (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("max message size")));
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
