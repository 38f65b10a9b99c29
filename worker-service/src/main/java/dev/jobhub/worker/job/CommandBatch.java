package dev.jobhub.worker.job;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's worth of command records of one channel while the intake works on it: which of its partitions were
 * revoked meanwhile (their commands are dropped, not started, not acknowledged), the slot requests still waiting
 * (withdrawn when their partition is revoked), and the events that must be on the broker before it is acknowledged.
 */
final class CommandBatch {

    private final KafkaRecordBatch<String, byte[]> records;
    private final Set<TopicPartition> revoked = new HashSet<>();
    private final List<Request> waiting = new ArrayList<>();
    private final List<CompletableFuture<Void>> settlements = new ArrayList<>();

    private record Request(TopicPartition partition, CompletableFuture<WorkerSlots.Slot> slot) {
    }

    CommandBatch(KafkaRecordBatch<String, byte[]> records) {
        this.records = records;
    }

    List<KafkaRecord<String, byte[]>> records() {
        return records.getRecords();
    }

    static TopicPartition partitionOf(KafkaRecord<?, ?> record) {
        return new TopicPartition(record.getTopic(), record.getPartition());
    }

    /** Keeps a slot request of a record of {@code partition}, so that a revocation can withdraw it. */
    synchronized CompletableFuture<WorkerSlots.Slot> waitFor(TopicPartition partition,
            CompletableFuture<WorkerSlots.Slot> slot) {
        if (revoked.contains(partition)) {
            slot.cancel(false);
        } else {
            waiting.add(new Request(partition, slot));
        }
        return slot;
    }

    /** The partitions are no longer this consumer's: their waiting commands give up their place. */
    synchronized void revoke(Collection<TopicPartition> partitions) {
        revoked.addAll(partitions);
        waiting.removeIf(request -> {
            if (partitions.contains(request.partition())) {
                request.slot().cancel(false);
                return true;
            }
            return false;
        });
    }

    synchronized boolean isRevoked(TopicPartition partition) {
        return revoked.contains(partition);
    }

    /** An event that must be acknowledged by the broker before this batch is. */
    synchronized void settleBeforeAck(CompletableFuture<Void> sent) {
        settlements.add(sent);
    }

    /**
     * Once every settlement is on the broker, acknowledges the batch's partitions that are still this consumer's:
     * the commit strategy tracks the last record of each partition of a batch, so acknowledging it commits the
     * partition's share of the batch. Blocks the calling (intake) thread.
     *
     * @return false if a settlement could not be sent (the worker is stopping): nothing was acknowledged
     */
    boolean acknowledge() {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(settlements);
        }
        if (!JobIntake.awaitAll(pending)) {
            return false;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Map.Entry<TopicPartition, KafkaRecord<String, byte[]>> last : records.getLatestOffsetRecords().entrySet()) {
            if (!isRevoked(last.getKey())) {
                acks.add(last.getValue().ack().toCompletableFuture());
            }
        }
        return JobIntake.awaitAll(acks);
    }
}
