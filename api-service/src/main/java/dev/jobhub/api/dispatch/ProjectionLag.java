package dev.jobhub.api.dispatch;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this replica's projection of {@code jobs.events} has caught up with the topic. The stall sweep judges a job
 * dead by the age of its last sign of life on the record; while the projection lags (after a restart, a database
 * outage, a burst) that record is old for jobs whose completion simply has not been applied yet, and re-dispatching
 * them would run them a second time. So the sweep waits until the projection's lag is within
 * {@code jobhub.lifecycle.stall-max-projection-lag} records on every partition this replica projects.
 */
@ApplicationScoped
public class ProjectionLag {

    static final String CHANNEL = "job-events";

    private final KafkaClientService clients;
    private final long maxLag;

    public ProjectionLag(KafkaClientService clients,
            @ConfigProperty(name = "jobhub.lifecycle.stall-max-projection-lag") long maxLag) {
        this.clients = clients;
        this.maxLag = maxLag;
    }

    /**
     * True once the consumer has partitions and knows its lag on each (it has fetched from them), and none is
     * behind by more than the limit; false when that is unknown.
     */
    public Uni<Boolean> caughtUp() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(CHANNEL);
        if (consumer == null) {
            return Uni.createFrom().item(false);
        }
        return consumer.runOnPollingThread(c -> {
            if (c.assignment().isEmpty()) {
                return false;
            }
            for (TopicPartition partition : c.assignment()) {
                OptionalLong lag = c.currentLag(partition);
                if (lag.isEmpty() || lag.getAsLong() > maxLag) {
                    return false;
                }
            }
            return true;
        }).ifNoItem().after(Duration.ofSeconds(5)).recoverWithItem(false)
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("projection lag unknown: %s", e.getMessage());
                    return false;
                });
    }
}
