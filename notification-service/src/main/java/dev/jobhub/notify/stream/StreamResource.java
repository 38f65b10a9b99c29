package dev.jobhub.notify.stream;

import dev.jobhub.notify.preference.ClaimSync;
import dev.jobhub.notify.push.ConnectionRegistry;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/notifications/stream} ({@code text/event-stream}): the same messages as the WebSocket, as SSE
 * events named by their type and identified by their id, with heartbeats. A client that reconnects sends
 * {@code Last-Event-ID} (EventSource does it by itself) or {@code ?lastEventId=}, and first receives what it missed.
 * The stream ends when the token expires; the client reconnects with a fresh one.
 */
@Path(StreamResource.PATH)
@Authenticated
public class StreamResource {

    public static final String PATH = "/api/notifications/stream";
    /** The seed's path of the same stream. */
    public static final String SEED_PATH = "/api/jobs/notifications/stream";

    private final StreamSessions sessions;
    private final ConnectionRegistry registry;
    private final ClaimSync claims;
    private final CurrentUser user;
    private final JsonWebToken token;
    private final Vertx vertx;

    public StreamResource(StreamSessions sessions, ConnectionRegistry registry, ClaimSync claims, CurrentUser user,
            JsonWebToken token, Vertx vertx) {
        this.sessions = sessions;
        this.registry = registry;
        this.claims = claims;
        this.user = user;
        this.token = token;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventHeader,
            @RestQuery String lastEventId, @Context Sse sse) {
        String userId = user.id();
        boolean admin = user.isAdmin();
        long expiresAt = token.getExpirationTime();
        String resumeFrom = lastEventHeader != null && !lastEventHeader.isBlank() ? lastEventHeader : lastEventId;
        return Multi.createFrom().emitter(emitter -> {
            SseTarget target = new SseTarget(emitter, sse);
            long expiry = expiresAt <= 0 ? -1
                    : vertx.setTimer(Math.max(1, expiresAt * 1000 - System.currentTimeMillis()), id -> emitter.complete());
            emitter.onTermination(() -> {
                registry.unregister(target.id());
                if (expiry >= 0) {
                    vertx.cancelTimer(expiry);
                }
            });
            claims.sync(userId, token).chain(() -> sessions.open(userId, admin, target, resumeFrom))
                    .subscribe().with(subscriber -> { }, emitter::fail);
        });
    }
}
