package dev.jobhub.api.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway, each way. Hop-by-hop headers (RFC 9110 section 7.6.1) describe one connection,
 * the caller's or the notifier's, not the message: forwarding them would, say, make the notifier frame its answer
 * for a Transfer-Encoding the caller chose, or keep a connection open that the caller asked to close. Everything
 * else passes unchanged, Authorization and cookies included: the notifier verifies the token itself.
 */
final class ProxiedHeaders {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    private ProxiedHeaders() {
    }

    /**
     * The headers of the request to the notifier: the caller's, without hop-by-hop ones, Host (the client sets the
     * notifier's), Expect (the gateway answers 100-continue itself) and the caller's own X-Forwarded-Proto and
     * -Host (the gateway says what it saw); X-Forwarded-For gets the caller's address appended, as each proxy does.
     *
     * @param authorization the Authorization header to send, or null to send the caller's
     */
    static MultiMap toUpstream(HttpServerRequest request, String authorization) {
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        Set<String> dropped = droppedBy(request.headers());
        dropped.add("host");
        dropped.add("expect");
        dropped.add(X_FORWARDED_PROTO.toLowerCase(Locale.ROOT));
        dropped.add(X_FORWARDED_HOST.toLowerCase(Locale.ROOT));
        request.headers().forEach(header -> {
            if (!dropped.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                upstream.add(header.getKey(), header.getValue());
            }
        });
        if (authorization != null) {
            upstream.set(HttpHeaders.AUTHORIZATION, authorization);
        }
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            String earlier = request.getHeader(X_FORWARDED_FOR);
            upstream.set(X_FORWARDED_FOR, earlier == null || earlier.isBlank() ? client : earlier + ", " + client);
        }
        upstream.set(X_FORWARDED_PROTO, request.scheme() == null ? "http" : request.scheme());
        // Host in HTTP/1.1, :authority in HTTP/2
        String host = request.host();
        if (host != null) {
            upstream.set(X_FORWARDED_HOST, host);
        }
        return upstream;
    }

    /** The notifier's answer headers for the caller, without hop-by-hop ones. */
    static void copyToCaller(MultiMap upstream, MultiMap caller) {
        Set<String> dropped = droppedBy(upstream);
        upstream.forEach(header -> {
            if (!dropped.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                caller.add(header.getKey(), header.getValue());
            }
        });
    }

    /** The hop-by-hop headers, and those a Connection header names as hop-by-hop for this message. */
    private static Set<String> droppedBy(MultiMap headers) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String name : connection.split(",")) {
                if (!name.isBlank()) {
                    dropped.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return dropped;
    }
}
