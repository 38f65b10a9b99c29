package dev.jobhub.support.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ensures the topics exist before the messaging channels subscribe, so a fresh cluster works without a separate
 * provisioning step. A broker that is down does not stop the service from starting: the consumers wait for it.
 */
@ApplicationScoped
public class TopicProvisioning {

    private final boolean enabled;
    private final String bootstrapServers;
    private final short replicationFactor;

    public TopicProvisioning(
            @ConfigProperty(name = "jobhub.kafka.provision-topics", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "jobhub.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.enabled = enabled;
        this.bootstrapServers = bootstrapServers;
        this.replicationFactor = replicationFactor;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            Set<String> created = TopicProvisioner.ensureTopics(bootstrapServers, replicationFactor, 10_000);
            if (!created.isEmpty()) {
                Log.infof("created Kafka topics %s", created);
            }
        } catch (IllegalStateException e) {
            Log.warnf("could not provision Kafka topics now (%s); consumers will wait for the broker", e.getMessage());
        }
    }
}
