package dev.jobhub.worker.control;

import dev.jobhub.model.JobControl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The control messages this worker has seen, by (job, attempt), so that a command arriving after its cancellation
 * (the control topic and the command topics are not ordered with each other) is not started. Bounded in size and in
 * time: the oldest entries go first, and an entry expires after its time to live, by which point api-service has
 * long settled the job (cancelled it, or failed it after the escalation).
 */
public final class ControlMemory {

    /** What was decided about an attempt. */
    public record Remembered(JobControl.Action action, String reason) {
    }

    private record Key(UUID jobId, int attempt) {
    }

    private record Entry(Remembered remembered, long expiresAtNanos) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Entry> entries;

    public ControlMemory(int maxEntries, Duration ttl) {
        this(maxEntries, ttl, System::nanoTime);
    }

    ControlMemory(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the control memory needs room for at least one entry");
        }
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > ControlMemory.this.maxEntries || expired(eldest.getValue());
            }
        };
    }

    /** Remembers the control's decision about its attempt; a drop outranks a cancel of the same attempt. */
    public synchronized void remember(JobControl control) {
        Key key = new Key(control.jobId(), Math.max(0, control.attempt()));
        Entry previous = entries.get(key);
        if (previous != null && !expired(previous) && previous.remembered().action() == JobControl.Action.DROP) {
            return;
        }
        // re-inserted, so that the entry's place in the eviction order matches its new expiry
        entries.remove(key);
        entries.put(key, new Entry(new Remembered(control.action(), control.reason()),
                nanoClock.getAsLong() + ttlNanos));
    }

    /** What was decided about this attempt of the job (or about every attempt, with attempt 0), if anything. */
    public synchronized Optional<Remembered> find(UUID jobId, int attempt) {
        Optional<Remembered> exact = lookup(new Key(jobId, attempt));
        return exact.isPresent() ? exact : lookup(new Key(jobId, 0));
    }

    public synchronized int size() {
        return entries.size();
    }

    private Optional<Remembered> lookup(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (expired(entry)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.remembered());
    }

    private boolean expired(Entry entry) {
        return nanoClock.getAsLong() - entry.expiresAtNanos() >= 0;
    }
}
