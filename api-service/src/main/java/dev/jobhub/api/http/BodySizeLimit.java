package dev.jobhub.api.http;

import dev.jobhub.support.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body larger than the limit (1 MiB by default) with 413 and a problem body, before it is read.
 * A chunked body without Content-Length is cut off by the HTTP layer's own limit (quarkus.http.limits).
 */
public class BodySizeLimit {

    private final long maxBodyBytes;

    public BodySizeLimit(@ConfigProperty(name = "jobhub.http.max-body-bytes") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= maxBodyBytes) {
                return null;
            }
        } catch (NumberFormatException e) {
            return Problem.of(400, "invalid Content-Length").toResponse();
        }
        return Problem.of(413, "request body larger than " + maxBodyBytes + " bytes").toResponse();
    }
}
