package dev.jobhub.notify.delivery;

import dev.jobhub.notify.email.EmailOutbox;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The admins' view of deliveries across all users: counts and success rate by channel, and the email backlog. */
@Path("/api/notifications/deliveries/stats")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryStore deliveries;
    private final EmailOutbox outbox;
    private final CurrentUser user;

    public DeliveryResource(DeliveryStore deliveries, EmailOutbox outbox, CurrentUser user) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.user = user;
    }

    /**
     * @param successRate sent / (sent + failed) over all time, null before the first outcome
     * @param heldForDigest deliveries waiting for their digest's time
     */
    public record ChannelStats(Map<String, Long> byStatus, long heldForDigest, Double successRate) {
    }

    public record Stats(Map<String, ChannelStats> byChannel, long emailBacklog, long emailFailed,
            Long oldestPendingEmailSeconds) {
    }

    @GET
    public Uni<Stats> stats() {
        if (!user.isAdmin()) {
            throw new ProblemException(Problem.of(403, "only an admin may read the delivery statistics"));
        }
        return deliveries.countsByChannel().chain(counts -> outbox.backlog().map(backlog -> new Stats(
                byChannel(counts), backlog.pending(), backlog.failed(),
                backlog.oldestPendingAge() == null ? null : backlog.oldestPendingAge().toSeconds())));
    }

    private static Map<String, ChannelStats> byChannel(List<DeliveryStore.ChannelCount> counts) {
        Map<String, ChannelStats> channels = new TreeMap<>();
        for (String channel : List.of("in_app", "email")) {
            Map<String, Long> byStatus = new TreeMap<>();
            long held = 0;
            for (DeliveryStore.ChannelCount count : counts) {
                if (count.channel().equals(channel)) {
                    byStatus.merge(count.status(), count.deliveries(), Long::sum);
                    held += count.heldForDigest() ? count.deliveries() : 0;
                }
            }
            long sent = byStatus.getOrDefault("sent", 0L);
            long failed = byStatus.getOrDefault("failed", 0L);
            channels.put(channel, new ChannelStats(byStatus, held,
                    sent + failed == 0 ? null : (double) sent / (sent + failed)));
        }
        return channels;
    }
}
