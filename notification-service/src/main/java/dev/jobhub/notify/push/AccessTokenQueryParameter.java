package dev.jobhub.notify.push;

import dev.jobhub.support.http.EdgeLimits;
import dev.jobhub.support.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Lets browsers authenticate the WebSocket upgrade: the browser WebSocket API cannot set an Authorization header,
 * so on {@code /ws} (and nowhere else: REST keeps tokens out of URLs) an {@code access_token} query parameter is
 * copied into {@code Authorization: Bearer …} before the request reaches authentication, which then verifies it
 * exactly like a header token. A header, when present, wins.
 *
 * <p>The token is now part of a URL: it must never be logged. Nothing here logs it, and the access log, when
 * enabled, uses a pattern without the query string (see application.properties).
 */
@ApplicationScoped
public class AccessTokenQueryParameter {

    public static final String PARAMETER = "access_token";

    /** Filters with a higher priority run first: this one must run before authentication looks at the headers. */
    private static final int PRIORITY = SecurityHandlerPriorities.AUTHENTICATION + 10;

    void register(@Observes Filters filters) {
        filters.register(AccessTokenQueryParameter::copyToHeader, PRIORITY);
    }

    static void copyToHeader(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (EventSocket.PATH.equals(request.path()) && !request.headers().contains(HttpHeaders.AUTHORIZATION)) {
            String token = request.getParam(PARAMETER);
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
}
