package dev.jobhub.stack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How late job events reach their sockets, by event type: receive time against the event's {@code occurredAt} (the
 * time its producer put it on Kafka; the worker for {@code job.completed}). The clocks are the same machine's.
 */
final class EventDelays {

    private final Map<String, LongSamples> byType = new ConcurrentHashMap<>();
    private final LongSamples all = new LongSamples();

    void add(String type, Instant occurredAt, Instant receivedAt) {
        if (occurredAt == null) {
            return;
        }
        // a receive a hair before occurredAt is clock granularity, not time travel
        long micros = Math.max(0, Duration.between(occurredAt, receivedAt).toNanos() / 1000);
        byType.computeIfAbsent(type, t -> new LongSamples()).add(micros);
        all.add(micros);
    }

    /** The delays of one type, in milliseconds. */
    Percentiles of(String type) {
        LongSamples samples = byType.get(type);
        return Percentiles.of(samples == null ? new long[0] : samples.toArray(), 1000.0);
    }

    /** All job events' delays together, in milliseconds. */
    Percentiles all() {
        return Percentiles.of(all.toArray(), 1000.0);
    }

    /** Each type's delays, by type name. */
    Map<String, Percentiles> byType() {
        Map<String, Percentiles> types = new TreeMap<>();
        byType.keySet().forEach(type -> types.put(type, of(type)));
        return types;
    }
}
