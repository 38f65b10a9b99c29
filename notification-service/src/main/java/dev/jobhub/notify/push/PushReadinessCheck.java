package dev.jobhub.notify.push;

import dev.jobhub.notify.event.JobEventChannels;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to serve WebSocket clients once the push consumer has its partitions: a client connected earlier would
 * miss events. (The Kafka connector and the datasource report their own checks beside this one.)
 */
@Readiness
@ApplicationScoped
public class PushReadinessCheck implements HealthCheck {

    private final PushSubscription subscription;
    private final ConnectionRegistry registry;

    public PushReadinessCheck(@Identifier(JobEventChannels.PUSH) PushSubscription subscription,
            ConnectionRegistry registry) {
        this.subscription = subscription;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("websocket-push")
                .status(subscription.isListening())
                .withData("partitions", subscription.partitions())
                .withData("connections", registry.connections())
                .build();
    }
}
