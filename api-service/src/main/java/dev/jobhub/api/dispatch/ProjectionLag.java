package dev.jobhub.api.dispatch;

import dev.jobhub.model.Topics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the projection of {@code jobs.events} has caught up enough for the stall sweep. The sweep judges a job dead
 * by the age of its last sign of life on the record; while events wait unapplied (after a restart, a database outage,
 * a burst) that record is old for jobs whose completion simply has not been applied yet, and re-dispatching them would
 * run them a second time. A job the sweep takes has been silent for the stall timeout, so its last event is older than
 * that. The sweep therefore waits until every event of every partition of the topic older than half the stall timeout
 * is applied: by this process (tracked as it commits), or by any replica of the group (its committed offset). The
 * consumer's own position is no measure: a record counts as consumed when polled, before it is applied.
 */
@ApplicationScoped
public class ProjectionLag {

    static final String CHANNEL = "job-events";
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaClientService clients;
    private final Duration settled;
    /** Per partition, the offset after the last event this process applied (committed with its effects). */
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();

    public ProjectionLag(KafkaClientService clients,
            @ConfigProperty(name = "jobhub.lifecycle.stall-timeout") Duration stallTimeout) {
        this.clients = clients;
        this.settled = stallTimeout.dividedBy(2);
    }

    /** Called by the projection once the events up to {@code offset} of a partition are applied and committed. */
    public void applied(String topic, int partition, long offset) {
        applied.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    }

    /** True once every event older than half the stall timeout is applied; false while that is unknown. */
    public Uni<Boolean> caughtUp() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(CHANNEL);
        if (consumer == null) {
            return Uni.createFrom().item(false);
        }
        long since = System.currentTimeMillis() - settled.toMillis();
        return consumer.runOnPollingThread(c -> {
            Set<TopicPartition> partitions = new HashSet<>();
            c.partitionsFor(Topics.EVENTS, BROKER_TIMEOUT)
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            if (partitions.isEmpty()) {
                return false;
            }
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, since));
            Map<TopicPartition, OffsetAndTimestamp> recent = c.offsetsForTimes(query, BROKER_TIMEOUT);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, BROKER_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(partitions, BROKER_TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp firstRecent = recent.get(partition);
                Long end = ends.get(partition);
                // every record before this offset is older than `since` and must be applied
                long mustBeApplied = firstRecent != null ? firstRecent.offset() : end == null ? Long.MAX_VALUE : end;
                OffsetAndMetadata byGroup = committed.get(partition);
                long done = Math.max(applied.getOrDefault(partition, 0L), byGroup == null ? 0L : byGroup.offset());
                if (done < mustBeApplied) {
                    return false;
                }
            }
            return true;
        }).ifNoItem().after(Duration.ofSeconds(10)).recoverWithItem(false)
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("projection progress unknown: %s", e.getMessage());
                    return false;
                });
    }
}
