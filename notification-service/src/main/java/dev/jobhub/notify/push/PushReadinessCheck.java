package dev.jobhub.notify.push;

import dev.jobhub.notify.stream.StreamTailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to serve WebSocket and SSE clients once the stream tailer knows where the stream ends: a client connected
 * earlier could miss messages. (The Kafka connector and the datasource report their own checks beside this one.)
 */
@Readiness
@ApplicationScoped
public class PushReadinessCheck implements HealthCheck {

    private final StreamTailer tailer;
    private final ConnectionRegistry registry;

    public PushReadinessCheck(StreamTailer tailer, ConnectionRegistry registry) {
        this.tailer = tailer;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-stream")
                .status(tailer.isFollowing())
                .withData("listening", tailer.isListening())
                .withData("connections", registry.connections())
                .build();
    }
}
