package dev.jobhub.api.failure;

import dev.jobhub.api.stats.UserScope;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Failure groups of jobs, and actions on a whole group. A user sees and acts on their own jobs only; admins on
 * everyone's (or one user's with {@code ?userId=}).
 */
@Path("/api/jobs/failures")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FailureGroupResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final FailureGroupService failures;
    private final CurrentUser user;

    public FailureGroupResource(FailureGroupService failures, CurrentUser user) {
        this.failures = failures;
        this.user = user;
    }

    @GET
    public Uni<FailureGroup.Listing> list(@QueryParam("type") String type, @QueryParam("limit") String limit,
            @QueryParam("userId") String userId) {
        int parsedLimit = limit(limit);
        String jobType = type == null || type.isBlank() ? null : type;
        return failures.groups(scope(userId), jobType, parsedLimit).map(FailureGroup.Listing::new);
    }

    @POST
    @Path("/{fingerprint}/retry")
    public Uni<GroupActionResult> retry(@PathParam("fingerprint") String fingerprint) {
        return failures.retry(scope(null), fingerprint);
    }

    @POST
    @Path("/{fingerprint}/cancel")
    public Uni<GroupActionResult> cancel(@PathParam("fingerprint") String fingerprint) {
        return failures.cancel(scope(null), fingerprint, "failure group " + fingerprint + " cancelled by "
                + user.id());
    }

    private String scope(String userId) {
        return UserScope.of(user, userId);
    }


    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit must be an integer between 1 and " + MAX_LIMIT, "limit");
    }
}
