package dev.jobhub.notify.inapp;

import dev.jobhub.notify.delivery.DeliveryStore;
import dev.jobhub.notify.preference.ClaimSync;
import dev.jobhub.notify.stream.UnreadCounts;
import dev.jobhub.support.problem.WireValues;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The caller's notification center. Every route acts on the caller's own notifications only: another user's
 * notification answers 404, exactly like a missing one. Marking read or unread takes PATCH, or POST for the forms
 * that used it first.
 */
@Path("/api/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final NotificationService service;
    private final DeliveryStore deliveries;
    private final UnreadCounts unreadCounts;
    private final ClaimSync claims;
    private final CurrentUser currentUser;
    private final JsonWebToken token;

    public NotificationResource(NotificationService service, DeliveryStore deliveries, UnreadCounts unreadCounts,
            ClaimSync claims, CurrentUser currentUser, JsonWebToken token) {
        this.service = service;
        this.deliveries = deliveries;
        this.unreadCounts = unreadCounts;
        this.claims = claims;
        this.currentUser = currentUser;
        this.token = token;
    }

    /**
     * {@code ?page=1&limit=20&read=true|false&type=job_failed} ({@code unread=true|false} is read's older opposite).
     * The parameters arrive as strings so that a wrong one is a 400 naming it, not the framework's bare 404.
     */
    @GET
    public Uni<NotificationPage> list(@RestQuery String page, @RestQuery String limit, @RestQuery String read,
            @RestQuery String unread, @RestQuery String type) {
        PageRequest request = PageRequest.parse(page, limit, read, unread, type);
        String userId = currentUser.id();
        return claims.sync(userId, token).chain(() -> service.list(userId, request));
    }

    @GET
    @Path("unread-count")
    public Uni<UnreadCount> unreadCount() {
        String userId = currentUser.id();
        return claims.sync(userId, token).chain(() -> service.unreadCount(userId)).map(UnreadCount::new);
    }

    public record UnreadCount(long count) {
    }

    @GET
    @Path("{id}")
    public Uni<NotificationView> get(@RestPath String id) {
        return service.get(currentUser.id(), notificationId(id));
    }

    @PATCH
    @Path("{id}/read")
    public Uni<NotificationView> markRead(@RestPath String id) {
        String userId = currentUser.id();
        return service.markRead(userId, notificationId(id), true).call(() -> unreadCounts.changed(userId));
    }

    @POST
    @Path("{id}/read")
    public Uni<NotificationView> markReadByPost(@RestPath String id) {
        return markRead(id);
    }

    @PATCH
    @Path("{id}/unread")
    public Uni<NotificationView> markUnread(@RestPath String id) {
        String userId = currentUser.id();
        return service.markRead(userId, notificationId(id), false).call(() -> unreadCounts.changed(userId));
    }

    @POST
    @Path("{id}/unread")
    public Uni<NotificationView> markUnreadByPost(@RestPath String id) {
        return markUnread(id);
    }

    @PATCH
    @Path("read-all")
    public Uni<ReadAll> markAllRead() {
        String userId = currentUser.id();
        return service.markAllRead(userId).call(() -> unreadCounts.changed(userId)).map(ReadAll::new);
    }

    @POST
    @Path("read-all")
    public Uni<ReadAll> markAllReadByPost() {
        return markAllRead();
    }

    /** @param updated how many notifications the call marked read */
    public record ReadAll(int updated) {
    }

    /** 204; the notification and its delivery log are gone (its event still counts as processed: it never returns). */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@RestPath String id) {
        String userId = currentUser.id();
        return service.delete(userId, notificationId(id)).call(() -> unreadCounts.changed(userId))
                .map(nothing -> Response.noContent().build());
    }

    /** What became of the notification on each channel (in-app, email). */
    @GET
    @Path("{id}/deliveries")
    public Uni<List<DeliveryStore.DeliveryView>> deliveries(@RestPath String id) {
        UUID notificationId = notificationId(id);
        String userId = currentUser.id();
        return service.get(userId, notificationId).chain(found -> deliveries.ofNotification(userId, notificationId));
    }

    private static UUID notificationId(String id) {
        return WireValues.uuid(id, "id");
    }
}
