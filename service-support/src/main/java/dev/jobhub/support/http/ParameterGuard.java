package dev.jobhub.support.http;

import dev.jobhub.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a NUL character (%00) in the path or in a query parameter with 400 naming where it is, before any
 * resource sees it: PostgreSQL cannot compare or store it, so it would otherwise surface as a database error.
 */
public class ParameterGuard {

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\0') >= 0) {
            throw ProblemException.badRequest("the path contains a NUL character (%00)", "path");
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0
                    || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
                throw ProblemException.badRequest("contains a NUL character (%00)", safeName(parameter.getKey()));
            }
        }
    }

    private static String safeName(String name) {
        return name.replace('\0', '?');
    }
}
