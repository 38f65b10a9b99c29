package dev.jobhub.notify.explain;

import dev.jobhub.notify.delivery.DeliveryStore;
import dev.jobhub.notify.delivery.DeliveryStore.DeliveryView;
import dev.jobhub.notify.explain.SuppressionLog.Suppression;
import dev.jobhub.notify.inapp.Notification;
import dev.jobhub.notify.inapp.NotificationRepository;
import dev.jobhub.support.problem.WireValues;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * "Why was I (not) notified?" for one job: each notification its events made, with what became of it on every
 * channel and why (switched off, no address, held for a digest and the digest email it went out in, sent although
 * switched off because the type is critical), and each event that made none, with the ordering rule's reason. The
 * job id is the correlation id: it is on every event, notification and delivery, and an email's Message-ID is its
 * delivery's {@code emailId}.
 *
 * <p>A user sees their own notifications of the job, an admin everyone's. A job the caller has nothing of, or does
 * not own, answers an empty explanation, not 404: the notifier does not know which jobs exist, and the same answer
 * for both tells nothing about other users' jobs.
 */
@Path("/api/notifications/explain")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExplainResource {

    private final NotificationRepository notifications;
    private final DeliveryStore deliveries;
    private final SuppressionLog suppressions;
    private final CurrentUser user;

    public ExplainResource(NotificationRepository notifications, DeliveryStore deliveries,
            SuppressionLog suppressions, CurrentUser user) {
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.suppressions = suppressions;
        this.user = user;
    }

    /** A notification of the job, with its deliveries. */
    public record Explained(UUID id, UUID eventId, String userId, String type, String title, boolean shown,
            boolean read, Instant createdAt, List<DeliveryView> deliveries) {
    }

    public record Explanation(UUID jobId, List<Explained> notifications, List<Suppression> suppressed) {
    }

    @GET
    @WithSession
    public Uni<Explanation> explain(@RestQuery String jobId) {
        UUID job = WireValues.uuid(jobId, "jobId");
        String owner = user.isAdmin() ? null : user.id();
        return notifications.ofJob(job, owner)
                .chain(made -> deliveries.ofNotifications(made.stream().map(n -> n.id).toList())
                        .chain(byNotification -> suppressions.ofJob(job, owner)
                                .map(suppressed -> new Explanation(job, explained(made, byNotification),
                                        suppressed))));
    }

    private static List<Explained> explained(List<Notification> made, Map<UUID, List<DeliveryView>> deliveries) {
        return made.stream().map(n -> new Explained(n.id, n.eventId, n.userId, n.type, n.title, n.shown, n.isRead(),
                n.createdAt, deliveries.getOrDefault(n.id, List.of()))).toList();
    }
}
