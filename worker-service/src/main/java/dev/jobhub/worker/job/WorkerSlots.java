package dev.jobhub.worker.job;

import dev.jobhub.model.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The job slots of this worker, as an asynchronous semaphore: taking a slot never blocks a thread, it completes
 * when one is free. Each command of a batch asks for a slot of its channel's priority, and its channel takes no
 * further batch until every command of this one has one, which is what holds the Kafka consumers back (paused
 * partitions) while every slot is busy. A request may be withdrawn by cancelling its future.
 *
 * <p>A freed slot goes to the waiter of the highest <em>effective</em> priority: its own level (low 0, normal 1,
 * high 2) plus one level per {@code aging} period it has waited, at most high. Ties go to the waiter that has waited
 * longest. So high goes before normal before low, and under a constant high backlog a low command waits at most
 * about two aging periods (then it ties with fresh high commands and wins by having waited longer).
 */
public final class WorkerSlots {

    private static final int TOP_LEVEL = level(Priority.HIGH);

    /** One taken slot; releasing it twice releases it once. */
    public final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                free();
            }
        }
    }

    private record Waiter(CompletableFuture<Slot> slot, Priority priority, long sinceNanos, long arrival) {
    }

    private final int capacity;
    private final long agingNanos;
    private final LongSupplier nanoClock;
    private final List<Waiter> waiting = new ArrayList<>();
    private long arrivals;
    private int busy;
    private boolean closed;

    public WorkerSlots(int capacity, Duration aging) {
        this(capacity, aging, System::nanoTime);
    }

    WorkerSlots(int capacity, Duration aging, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the worker needs at least one slot, not " + capacity);
        }
        this.capacity = capacity;
        // zero or negative: no aging, strict priority only
        this.agingNanos = aging.isNegative() ? 0 : aging.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Completes with a slot once one is free and no waiter of a higher effective priority wants it; fails with
     * {@link WorkerStoppingException} once closed.
     */
    public synchronized CompletableFuture<Slot> acquire(Priority priority) {
        if (closed) {
            return CompletableFuture.failedFuture(new WorkerStoppingException());
        }
        if (busy < capacity) {
            busy++;
            return CompletableFuture.completedFuture(new Slot());
        }
        CompletableFuture<Slot> slot = new CompletableFuture<>();
        Waiter waiter = new Waiter(slot, priority, nanoClock.getAsLong(), arrivals++);
        waiting.add(waiter);
        // a waiter that gives up (its partition was revoked) leaves the queue at once
        slot.whenComplete((taken, failure) -> {
            if (slot.isCancelled()) {
                withdraw(waiter);
            }
        });
        return slot;
    }

    private synchronized void withdraw(Waiter waiter) {
        waiting.remove(waiter);
    }

    private void free() {
        Waiter next;
        synchronized (this) {
            next = closed ? null : takeNext();
            if (next == null) {
                busy--;
            }
        }
        // handed over outside the lock: the waiter's continuation runs on this thread
        if (next != null) {
            Slot slot = new Slot();
            if (!next.slot().complete(slot)) {
                slot.release();
            }
        }
    }

    /** The waiter the rule above picks, removed from the waiting list; null if nobody waits. Under the lock. */
    private Waiter takeNext() {
        long now = nanoClock.getAsLong();
        Waiter best = null;
        int bestLevel = -1;
        for (Waiter waiter : waiting) {
            int level = effectiveLevel(waiter, now);
            if (best == null || level > bestLevel || (level == bestLevel && waitedLonger(waiter, best))) {
                best = waiter;
                bestLevel = level;
            }
        }
        if (best != null) {
            waiting.remove(best);
        }
        return best;
    }

    private int effectiveLevel(Waiter waiter, long now) {
        long aged = agingNanos == 0 ? 0 : Math.max(0, now - waiter.sinceNanos()) / agingNanos;
        return (int) Math.min(TOP_LEVEL, level(waiter.priority()) + aged);
    }

    private static boolean waitedLonger(Waiter candidate, Waiter best) {
        long difference = candidate.sinceNanos() - best.sinceNanos();
        return difference < 0 || (difference == 0 && candidate.arrival() < best.arrival());
    }

    private static int level(Priority priority) {
        return switch (priority == null ? Priority.NORMAL : priority) {
            case HIGH -> 2;
            case NORMAL -> 1;
            case LOW -> 0;
        };
    }

    /** Takes no more slots: whoever waits for one, and whoever asks later, gets {@link WorkerStoppingException}. */
    public void close() {
        List<Waiter> pending;
        synchronized (this) {
            closed = true;
            pending = new ArrayList<>(waiting);
            waiting.clear();
        }
        pending.forEach(waiter -> waiter.slot().completeExceptionally(new WorkerStoppingException()));
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int busy() {
        return busy;
    }

    /** Commands waiting for a slot (at most a batch per command channel). */
    public synchronized int waiting() {
        return waiting.size();
    }
}
