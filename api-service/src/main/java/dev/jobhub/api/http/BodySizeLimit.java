package dev.jobhub.api.http;

import dev.jobhub.support.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body larger than the limit (1 MiB by default) with 413 and a problem body, before it is read. A
 * document upload ({@code POST /api/documents}) may be as large as the largest file plus 64 KiB of multipart
 * envelope (the other parts, headers and boundaries); its file is checked against its own limit once parsed.
 * A chunked body without Content-Length is cut off by the HTTP layer's own limit (quarkus.http.limits).
 */
public class BodySizeLimit {

    static final long MULTIPART_ENVELOPE_BYTES = 64 * 1024;
    private static final String UPLOAD_PATH = "/api/documents";

    private final long maxBodyBytes;
    private final long maxUploadBytes;

    public BodySizeLimit(@ConfigProperty(name = "jobhub.http.max-body-bytes") long maxBodyBytes,
            @ConfigProperty(name = "jobhub.documents.max-file-size") MemorySize maxFileSize) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = maxFileSize.asLongValue() + MULTIPART_ENVELOPE_BYTES;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long limit = isUpload(request) ? maxUploadBytes : maxBodyBytes;
        try {
            if (Long.parseLong(length.trim()) <= limit) {
                return null;
            }
        } catch (NumberFormatException e) {
            return Problem.of(400, "invalid Content-Length").toResponse();
        }
        return Problem.of(413, "request body larger than " + limit + " bytes").toResponse();
    }

    private static boolean isUpload(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return "POST".equals(request.getMethod())
                && (UPLOAD_PATH.equals(path) || (UPLOAD_PATH + "/").equals(path));
    }
}
