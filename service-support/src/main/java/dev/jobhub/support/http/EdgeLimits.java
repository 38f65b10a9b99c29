package dev.jobhub.support.http;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The limits the HTTP layer enforces before any route, authentication included, answered as problem+json like every
 * other error (the HTTP server's own answers to them are empty bodies):
 * <ul>
 * <li>a request line longer than {@code jobhub.http.max-uri-length}: 414. The HTTP decoder's own limit
 * ({@code quarkus.http.limits.max-initial-line-length}) is set above it, so that requests reach this check;</li>
 * <li>a Content-Length above {@code quarkus.http.limits.max-body-size}: 413, before a byte of the body is read. A
 * body without Content-Length is counted as it is read ({@link RequestBodyGuard}).</li>
 * </ul>
 */
@ApplicationScoped
public class EdgeLimits {

    /** Filters with a higher priority run first: these checks come before everything else. */
    private static final int PRIORITY = Integer.MAX_VALUE;

    private final int maxUriLength;
    private final long maxBodySize;

    public EdgeLimits(@ConfigProperty(name = "jobhub.http.max-uri-length", defaultValue = "4096") int maxUriLength,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBodySize) {
        this.maxUriLength = maxUriLength;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > maxUriLength) {
            end(context, Problem.of(414, "the request URI is longer than " + maxUriLength + " characters"));
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length.trim())) {
            end(context, Problem.of(413, "request body larger than " + maxBodySize + " bytes"));
            return;
        }
        context.next();
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed Content-Length itself
        }
    }

    /**
     * Answers {@code problem} from below the REST layer; the connection is closed after it, since the rest of a
     * refused body may still be on its way.
     */
    public static void end(RoutingContext context, Problem problem) {
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(JobJsonCodec.toJson(problem));
    }
}
