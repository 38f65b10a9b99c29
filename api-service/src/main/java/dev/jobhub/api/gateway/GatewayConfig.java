package dev.jobhub.api.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * The gateway to notification-service ({@code jobhub.gateway.*}): api-service forwards every
 * {@code /api/notifications/**} and {@code /api/webhooks/**} request there, so that browsers need one origin.
 */
@ConfigMapping(prefix = "jobhub.gateway")
public interface GatewayConfig {

    /**
     * Where notification-service listens (env {@code NOTIFIER_URL}): scheme, host and port. A path in it is ignored:
     * requests keep their own path.
     */
    @WithDefault("http://localhost:8082")
    URI notificationsUrl();

    /**
     * How long a request waits for a connection to notification-service, a new one or a free pooled one, before it
     * is answered 503 with Retry-After.
     */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long notification-service may take to start its answer (status and headers) before the caller gets 504;
     * also the longest silence allowed inside an ordinary answer's body. An event stream
     * ({@code text/event-stream}) has no read timeout once its headers arrived: it is quiet between events.
     */
    @WithDefault("30s")
    Duration responseTimeout();

    /**
     * Connections to notification-service this replica keeps at most: every open event stream holds one, so this
     * bounds the SSE clients one replica serves. Requests beyond it wait for {@link #connectTimeout()}.
     */
    @WithDefault("1000")
    int maxConnections();
}
