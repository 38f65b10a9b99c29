package dev.jobhub.notify.push;

import dev.jobhub.notify.preference.ClaimSync;
import dev.jobhub.notify.stream.StreamSessions;
import dev.jobhub.support.problem.Causes;
import dev.jobhub.support.security.CurrentUser;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /ws}: the user's live stream. A client receives every event of its user's jobs (the JobEvent JSON), a
 * {@code notification} message when an in-app notification is stored, {@code unread_count} when it changes, and a
 * {@code heartbeat}; it may send {@code subscribe}, {@code unsubscribe} and {@code ping} ({@link ClientMessages}).
 * Every server message carries an {@code id}; a client that reconnects with {@code ?lastEventId=<id>} first receives
 * what it missed, then live messages, none twice ({@link StreamSessions}).
 *
 * <p>{@code @Authenticated} secures the HTTP upgrade itself: without a valid token the upgrade is answered 401 and
 * no connection exists. The token comes from the {@code Authorization} header or, for browsers, which cannot set
 * headers on a WebSocket, from the {@code access_token} query parameter or the {@code Sec-WebSocket-Protocol}
 * header ({@link AccessTokenQueryParameter}).
 */
@WebSocket(path = EventSocket.PATH)
@Authenticated
public class EventSocket {

    public static final String PATH = "/ws";
    /** The query parameter a reconnecting client names its last message with. */
    public static final String LAST_EVENT_ID = "lastEventId";
    /** RFC 6455: the endpoint received a message too big for it to process. */
    static final int MESSAGE_TOO_BIG = 1009;

    private final ConnectionRegistry registry;
    private final StreamSessions sessions;
    private final ClientMessages messages;
    private final ClaimSync claims;
    private final SecurityIdentity identity;
    private final TokenExpiry expiry;

    public EventSocket(ConnectionRegistry registry, StreamSessions sessions, ClaimSync claims,
            SecurityIdentity identity, TokenExpiry expiry) {
        this.registry = registry;
        this.sessions = sessions;
        this.messages = new ClientMessages(registry);
        this.claims = claims;
        this.identity = identity;
        this.expiry = expiry;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        String userId = userId();
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        if (jwt.getExpirationTime() > 0) {
            expiry.closeAt(connection, jwt.getExpirationTime());
        }
        String lastEventId = lastEventId(connection.handshakeRequest().query());
        Log.debugf("WebSocket %s opened for user %s", connection.id(), userId);
        return claims.sync(userId, jwt)
                .chain(() -> sessions.open(userId, jwt.getGroups().contains(CurrentUser.ADMIN_GROUP),
                        new WebSocketTarget(connection), lastEventId))
                .replaceWithVoid();
    }

    /** The {@code lastEventId} query parameter, or null if absent or not decodable. */
    private static String lastEventId(String query) {
        try {
            List<String> values = new QueryStringDecoder(query == null ? "" : query, false).parameters()
                    .get(LAST_EVENT_ID);
            return values == null || values.isEmpty() ? null : values.get(0);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    @OnTextMessage
    @NonBlocking
    public String onMessage(WebSocketConnection connection, String text) {
        Subscriber subscriber = registry.subscriber(connection.id());
        return subscriber == null ? null : messages.handle(subscriber, text);
    }

    /**
     * Clients send only small control messages on this socket, so a frame or message over the limit
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
