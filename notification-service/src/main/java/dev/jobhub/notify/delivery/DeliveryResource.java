package dev.jobhub.notify.delivery;

import dev.jobhub.notify.email.EmailOutbox;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The admins' view of deliveries across all users: counts and success rate by channel over a window (the last 24
 * hours unless {@code since} says otherwise), and the email backlog now. The window keeps the cost to the deliveries
 * it covers: over all time, each reading joined every delivery ever made with its email.
 */
@Path("/api/notifications/deliveries/stats")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final DeliveryStore deliveries;
    private final EmailOutbox outbox;
    private final CurrentUser user;

    public DeliveryResource(DeliveryStore deliveries, EmailOutbox outbox, CurrentUser user) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.user = user;
    }

    /**
     * @param successRate sent / (sent + failed) in the window, null without an outcome in it
     * @param heldForDigest deliveries waiting for their digest's time
     */
    public record ChannelStats(Map<String, Long> byStatus, long heldForDigest, Double successRate) {
    }

    /**
     * @param since     the window's start: the counts by channel are of deliveries made since
     * @param emailFailed emails given up on, over all time (as the backlog, a state of the outbox now)
     */
    public record Stats(Instant since, Map<String, ChannelStats> byChannel, long emailBacklog, long emailFailed,
            Long oldestPendingEmailSeconds) {
    }

    /** @param since an ISO-8601 instant; absent: 24 hours ago */
    @GET
    public Uni<Stats> stats(@RestQuery String since) {
        if (!user.isAdmin()) {
            throw new ProblemException(Problem.of(403, "only an admin may read the delivery statistics"));
        }
        Instant from = since == null ? Instant.now().minus(DEFAULT_WINDOW) : WireValues.instant(since, "since");
        return deliveries.countsByChannel(from).chain(counts -> outbox.backlog().map(backlog -> new Stats(
                from, byChannel(counts), backlog.pending(), backlog.failed(),
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
