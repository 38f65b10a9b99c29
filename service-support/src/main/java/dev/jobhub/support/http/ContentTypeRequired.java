package dev.jobhub.support.http;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that sends a body must say what it is: without a Content-Type the server would have to guess, and a
 * guess that happens to parse is how malformed clients go unnoticed. 415 names the header.
 */
public class ContentTypeRequired {

    @ServerRequestFilter(preMatching = true)
    public void requireContentType(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null || !hasBody(request)) {
            return;
        }
        throw new ProblemException(Problem.of(415, "a request with a body needs a Content-Type header",
                List.of(new Problem.FieldError("Content-Type", "missing"))));
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !"0".equals(length.trim());
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
