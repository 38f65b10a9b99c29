package dev.jobhub.api.stats;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Job statistics. A user sees numbers over their own jobs; an admin over everyone's, or one user's with
 * {@code ?userId=}. (A path of its own under /api/jobs: JAX-RS prefers the class with the longer literal path, so
 * {@code GET /api/jobs/{id}} does not take these.)
 */
@Path("/api/jobs/stats")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    static final Duration DEFAULT_HOURLY_RANGE = Duration.ofHours(24);
    static final Duration MAX_HOURLY_RANGE = Duration.ofDays(93);

    private final JobStatsService stats;
    private final CurrentUser user;

    public StatsResource(JobStatsService stats, CurrentUser user) {
        this.stats = stats;
        this.user = user;
    }

    @GET
    public Uni<JobStats> stats(@QueryParam("window") String window, @QueryParam("userId") String userId) {
        StatsWindow parsed = StatsWindow.parse(window);
        return stats.stats(scope(userId), parsed);
    }

    /** Hourly roll-ups in [from, to) (default: the last 24 hours), optionally of one job type. */
    @GET
    @Path("/hourly")
    public Uni<HourlyStats.Listing> hourly(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("type") String type, @QueryParam("userId") String userId) {
        String owner = scope(userId);
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, end.minus(DEFAULT_HOURLY_RANGE));
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("from must be before to", "from");
        }
        if (Duration.between(start, end).compareTo(MAX_HOURLY_RANGE) > 0) {
            throw ProblemException.badRequest("the range from..to must be at most 93 days", "from");
        }
        String jobType = type == null || type.isBlank() ? null : type;
        return stats.hourly(owner, start, end, jobType).map(rows -> new HourlyStats.Listing(start, end, rows));
    }

    /** The user whose jobs count: the caller; for admins everyone (null) or the one named by {@code userId}. */
    private String scope(String userId) {
        return UserScope.of(user, userId);
    }


    private static Instant instant(String field, String value, Instant defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field + " must be an ISO-8601 instant, e.g. 2026-01-31T09:00:00Z",
                    field);
        }
    }
}
