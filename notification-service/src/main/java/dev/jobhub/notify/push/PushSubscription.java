package dev.jobhub.notify.push;

import dev.jobhub.notify.event.JobEventChannels;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when the push consumer is really listening. Its group starts at the end of the topic ("latest"), so an
 * event written before the end offsets are fixed is never pushed; this listener fixes them at assignment, and
 * the readiness check reports the instance ready only from then on.
 */
@ApplicationScoped
@Identifier(JobEventChannels.PUSH)
public class PushSubscription implements KafkaConsumerRebalanceListener {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // position() resolves the reset to the end offsets now, instead of lazily at the next fetch
        partitions.forEach(consumer::position);
        assigned.addAll(partitions);
        Log.debugf("push consumer listening on %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    public boolean isListening() {
        return !assigned.isEmpty();
    }

    public int partitions() {
        return assigned.size();
    }
}
