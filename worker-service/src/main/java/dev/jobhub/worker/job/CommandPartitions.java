package dev.jobhub.worker.job;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The rebalance listener of the command channels (named after their consumer group, so the connector applies it to
 * the three): when partitions are revoked or lost, the commands of theirs that still wait for a slot here are
 * dropped, neither started nor acknowledged, so that only the partitions' new owner runs them. Called on the
 * connector's polling thread; it only flips a few flags.
 */
@ApplicationScoped
@Identifier(CommandPartitions.GROUP)
public class CommandPartitions implements KafkaConsumerRebalanceListener {

    public static final String GROUP = "jobhub-workers";

    private final JobIntake intake;

    public CommandPartitions(JobIntake intake) {
        this.intake = intake;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        intake.revoked(partitions);
    }
}
