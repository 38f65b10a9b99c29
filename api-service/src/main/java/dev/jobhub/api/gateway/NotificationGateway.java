package dev.jobhub.api.gateway;

import dev.jobhub.support.http.EdgeLimits;
import dev.jobhub.support.problem.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * api-service as the one origin of the platform: every {@code /api/notifications/**} and {@code /api/webhooks/**}
 * request, whatever its method, is forwarded to notification-service at the same path and query, and the answer is
 * streamed back as it comes (an event stream event by event). The seed's {@code GET /api/jobs/notifications/stream}
 * is the notifier's {@code GET /api/notifications/stream}. Nothing here knows the notifier's routes: a route it adds
 * is reachable through the gateway without a change here, and its answers (404s included) are relayed as they are.
 *
 * <p>These are Vert.x routes ordered before the REST layer, so they win over any resource path; they are not in
 * api-service's OpenAPI document (the notifier's own document describes them). The gateway refuses on its own only
 * what must not reach the notifier at all: a request without a token (401), a body over
 * {@code jobhub.http.max-body-bytes} (413); and it answers for the notifier when it cannot: 503 with Retry-After
 * when it is unreachable, 504 when it does not answer in time. The token itself is verified by the notifier, the
 * authority for its routes; the gateway passes it on unchanged.
 */
@ApplicationScoped
public class NotificationGateway {

    /** What browsers' EventSource sends; only such requests may carry their token in the query. */
    static final String EVENT_STREAM = "text/event-stream";
    /** The query parameter an EventSource carries its token in (it cannot set headers), as on the notifier's /ws. */
    static final String ACCESS_TOKEN = "access_token";
    static final String STREAM_PATH = "/api/notifications/stream";
    static final String SEED_STREAM_PATH = "/api/jobs/notifications/stream";
    /** How soon a caller may retry after a 503: a notifier restarting is back within seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** After the edge filters and authentication set-up (negative orders), before every REST resource. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;
    private static final String FORWARDED_PATHS = "^/api/(notifications|webhooks)(/.*)?$";

    private final Vertx vertx;
    private final GatewayConfig config;
    private final long maxBodyBytes;
    private final URI upstream;
    private volatile HttpClient client;

    public NotificationGateway(Vertx vertx, GatewayConfig config,
            @ConfigProperty(name = "jobhub.http.max-body-bytes") long maxBodyBytes) {
        this.vertx = vertx;
        this.config = config;
        this.maxBodyBytes = maxBodyBytes;
        this.upstream = config.notificationsUrl();
    }

    void init(@Observes Router router) {
        // one pool for every request: an event stream holds its connection for as long as it is open, so the
        // pool is sized for streams, not for Vert.x's default of 5 connections per host
        client = vertx.createHttpClient(new HttpClientOptions()
                .setName("notification-gateway")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(config.maxConnections())
                        .setMaxWaitQueueSize(config.maxConnections()));
        router.routeWithRegex(FORWARDED_PATHS).order(ORDER).handler(context -> forward(context, null));
        router.get(SEED_STREAM_PATH).order(ORDER).handler(context -> forward(context, STREAM_PATH));
    }

    void close(@Observes ShutdownEvent shutdown) {
        HttpClient open = client;
        if (open != null) {
            open.close();
        }
    }

    /** @param path the notifier's path for this request, or null for the request's own */
    private void forward(RoutingContext context, String path) {
        HttpServerRequest request = context.request();
        String authorization = authorization(request);
        if (authorization == null) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            EdgeLimits.end(context, Problem.of(401, "a valid bearer token is required: an Authorization header, or"
                    + " the " + ACCESS_TOKEN + " query parameter on an event stream"));
            return;
        }
        if (declaredLength(request) > maxBodyBytes) {
            EdgeLimits.end(context, Problem.of(413, "request body larger than " + maxBodyBytes + " bytes"));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        String uri = (path != null ? path : context.normalizedPath()) + query(request.query());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.getHost())
                .setPort(port(upstream))
                .setSsl("https".equalsIgnoreCase(upstream.getScheme()))
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setHeaders(ProxiedHeaders.toUpstream(request,
                        request.headers().contains(HttpHeaders.AUTHORIZATION) ? null : authorization));
        new ProxiedExchange(vertx, client, context, options, maxBodyBytes, config.responseTimeout()).start();
    }

    /**
     * The caller's Authorization header if it carries a bearer token; else, for an event stream, the
     * {@code access_token} query parameter as a bearer token; else null. A query token is accepted only where a
     * browser has no other way: everywhere else tokens stay out of URLs.
     */
    static String authorization(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank();
            return bearer ? header : null;
        }
        if (request.method() != HttpMethod.GET || !acceptsEventStream(request)) {
            return null;
        }
        String token = request.getParam(ACCESS_TOKEN);
        return token == null || token.isBlank() ? null : "Bearer " + token;
    }

    private static boolean acceptsEventStream(HttpServerRequest request) {
        return request.headers().getAll(HttpHeaders.ACCEPT).stream()
                .anyMatch(accept -> accept.toLowerCase(Locale.ROOT).contains(EVENT_STREAM));
    }

    /**
     * The caller's query without {@code access_token}: the token travels to the notifier in the Authorization
     * header, so it appears in no URL the notifier sees or logs. Everything else passes byte for byte.
     */
    static String query(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&", "?", "");
        kept.setEmptyValue("");
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!ACCESS_TOKEN.equals(decoded(name))) {
                kept.add(parameter);
            }
        }
        return kept.toString();
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** The Content-Length the caller declared, or -1; a malformed one is the HTTP layer's to refuse. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
