package dev.jobhub.notify.inapp;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The caller's in-app notifications. Every route acts on the caller's own notifications only. */
@Path("/api/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final NotificationService service;
    private final CurrentUser currentUser;

    public NotificationResource(NotificationService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    /**
     * {@code ?page=1&limit=20&unread=true|false}. The parameters arrive as strings so that a wrong one is a 400
     * naming it, not the framework's bare 404.
     */
    @GET
    public Uni<NotificationPage> list(@RestQuery String page, @RestQuery String limit, @RestQuery String unread) {
        PageRequest request = PageRequest.parse(page, limit, unread);
        return service.list(currentUser.id(), request);
    }

    /** 404 for an id that is not the caller's: whether someone else's notification exists is not disclosed. */
    @POST
    @Path("{id}/read")
    public Uni<NotificationView> markRead(@RestPath String id) {
        return service.markRead(currentUser.id(), notificationId(id));
    }

    @POST
    @Path("read-all")
    public Uni<ReadAll> markAllRead() {
        return service.markAllRead(currentUser.id()).map(ReadAll::new);
    }

    /** @param updated how many notifications the call marked read */
    public record ReadAll(int updated) {
    }

    private static UUID notificationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("id must be a UUID", "id");
        }
    }
}
