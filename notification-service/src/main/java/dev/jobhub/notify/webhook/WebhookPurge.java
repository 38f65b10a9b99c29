package dev.jobhub.notify.webhook;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Deletes the per-job targets and the intake's job positions of jobs whose events stopped long ago
 * ({@link WebhookConfig#targetRetention()}), so both tables hold the jobs in flight, and the finished deliveries past
 * {@link WebhookConfig#deliveryRetention()} with their attempts. Any instance may run it at any time: it only deletes
 * rows older than the whole retention.
 */
@ApplicationScoped
public class WebhookPurge {

    private final WebhookJobTargets targets;
    private final WebhookJobPositions positions;
    private final WebhookDeliveries deliveries;
    private final WebhookConfig config;

    public WebhookPurge(WebhookJobTargets targets, WebhookJobPositions positions, WebhookDeliveries deliveries,
            WebhookConfig config) {
        this.targets = targets;
        this.positions = positions;
        this.deliveries = deliveries;
        this.config = config;
    }

    @Scheduled(every = "${jobhub.notify.webhook.purge-every}", delayed = "${jobhub.notify.webhook.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purge() {
        Instant now = Instant.now();
        Instant before = now.minus(config.targetRetention());
        return targets.purge(before)
                .chain(deletedTargets -> positions.purge(before)
                        .invoke(deletedPositions -> Log.debugf("purged %d webhook job targets and %d positions",
                                deletedTargets, deletedPositions)))
                .chain(() -> deliveries.purge(now.minus(config.deliveryRetention())))
                .invoke(deleted -> Log.debugf("purged %d finished webhook deliveries", deleted))
                .onFailure().invoke(failure -> Log.warnf("cannot purge webhook data now: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
