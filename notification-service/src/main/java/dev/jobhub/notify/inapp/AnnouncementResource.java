package dev.jobhub.notify.inapp;

import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/notifications} (admins): a system message or an invitation to one user, a list, or everyone:
 * {@code {type: system|invitation, title, message?, data?, userIds? | all: true, requestId?}}. Answers 202 with how
 * many notifications were written; the same {@code requestId} again notifies nobody twice.
 */
@Path("/api/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AnnouncementResource {

    private final Announcements announcements;
    private final CurrentUser user;

    public AnnouncementResource(Announcements announcements, CurrentUser user) {
        this.announcements = announcements;
        this.user = user;
    }

    /** No {@code @Consumes}: the body is read as JSON whatever it is labelled, so a caller without a token gets 401. */
    @POST
    public Uni<Response> send(String body) {
        if (!user.isAdmin()) {
            throw new ProblemException(Problem.of(403, "only an admin may send notifications to users"));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Announcement announcement = Announcement.of(RequestBodies.read(body, Announcement.Body.class), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid notification: '" + errors.get(0).field() + "' "
                    + errors.get(0).message(), errors));
        }
        return announcements.send(announcement).map(written -> Response.accepted(Map.of(
                "requestId", announcement.requestId(), "notified", written)).build());
    }
}
