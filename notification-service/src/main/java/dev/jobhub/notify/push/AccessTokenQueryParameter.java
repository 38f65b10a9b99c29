package dev.jobhub.notify.push;

import dev.jobhub.notify.stream.StreamResource;
import dev.jobhub.support.http.EdgeLimits;
import dev.jobhub.support.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Lets browsers authenticate their live streams: neither the browser WebSocket API nor EventSource can set an
 * Authorization header, so on {@code /ws} and the SSE streams (and nowhere else: REST keeps tokens out of URLs) an
 * {@code access_token} query parameter is copied into {@code Authorization: Bearer …} before the request reaches
 * authentication, which then verifies it exactly like a header token. On {@code /ws} the token may also come as the
 * WebSocket subprotocols {@code ["bearer", "<token>"]} (what {@code new WebSocket(url, ["bearer", token])} sends):
 * the server then selects {@code bearer}. A header, when present, wins.
 *
 * <p>The token is now part of a URL: it must never be logged. Nothing here logs it, and the access log, when
 * enabled, uses a pattern without the query string (see application.properties).
 */
@ApplicationScoped
public class AccessTokenQueryParameter {

    public static final String PARAMETER = "access_token";

    /** Where a token may come in the URL: the WebSocket and the SSE streams. */
    public static final Set<String> STREAMS = Set.of(EventSocket.PATH, StreamResource.PATH,
            StreamResource.SEED_PATH);
    /** The subprotocol that announces a token as the next one; the server selects it. */
    public static final String BEARER_SUBPROTOCOL = "bearer";

    /** Filters with a higher priority run first: this one must run before authentication looks at the headers. */
    private static final int PRIORITY = SecurityHandlerPriorities.AUTHENTICATION + 10;

    void register(@Observes Filters filters) {
        filters.register(AccessTokenQueryParameter::copyToHeader, PRIORITY);
    }

    static void copyToHeader(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (STREAMS.contains(request.path()) && !request.headers().contains(HttpHeaders.AUTHORIZATION)) {
            String token = request.getParam(PARAMETER);
            if ((token == null || token.isBlank()) && EventSocket.PATH.equals(request.path())) {
                token = fromSubprotocols(request);
            }
            if (token == null || token.isBlank()) {
                // no token at all: answered here, as a problem like every other 401 (authentication's own
                // challenge for the upgrade has an empty body)
                context.response().putHeader("WWW-Authenticate", "Bearer");
                EdgeLimits.end(context, Problem.of(401, "a valid bearer token is required: an Authorization header"
                        + " or the " + PARAMETER + " query parameter"));
                return;
            }
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        context.next();
    }

    /**
     * The token of {@code Sec-WebSocket-Protocol: bearer, <token>}; the header then keeps only {@code bearer}, the
     * subprotocol the server agrees to, so the token is not echoed back.
     */
    private static String fromSubprotocols(HttpServerRequest request) {
        String header = request.getHeader("Sec-WebSocket-Protocol");
        if (header == null) {
            return null;
        }
        String[] protocols = header.split(",");
        for (int i = 0; i + 1 < protocols.length; i++) {
            if (BEARER_SUBPROTOCOL.equals(protocols[i].trim())) {
                request.headers().set("Sec-WebSocket-Protocol", BEARER_SUBPROTOCOL);
                return protocols[i + 1].trim();
            }
        }
        return null;
    }
}
