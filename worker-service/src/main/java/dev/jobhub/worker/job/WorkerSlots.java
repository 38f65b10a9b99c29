package dev.jobhub.worker.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The job slots of this worker, as an asynchronous semaphore: taking a slot never blocks a thread, it completes
 * when one is free. The command consumer takes a slot before it takes the next record, which is what holds the
 * Kafka consumer back (paused partitions) while every slot is busy.
 */
public final class WorkerSlots {

    /** One taken slot; releasing it twice releases it once. */
    public final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                free();
            }
        }
    }

    private final int capacity;
    private final Deque<CompletableFuture<Slot>> waiting = new ArrayDeque<>();
    private int busy;
    private boolean closed;

    public WorkerSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the worker needs at least one slot, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Completes with a slot once one is free; fails with {@link WorkerStoppingException} once closed. */
    public synchronized CompletableFuture<Slot> acquire() {
        if (closed) {
            return CompletableFuture.failedFuture(new WorkerStoppingException());
        }
        if (busy < capacity) {
            busy++;
            return CompletableFuture.completedFuture(new Slot());
        }
        CompletableFuture<Slot> slot = new CompletableFuture<>();
        waiting.add(slot);
        return slot;
    }

    private void free() {
        CompletableFuture<Slot> next;
        synchronized (this) {
            next = closed ? null : waiting.poll();
            if (next == null) {
                busy--;
            }
        }
        // handed over outside the lock: the waiter's continuation runs on this thread
        if (next != null) {
            Slot slot = new Slot();
            if (!next.complete(slot)) {
                slot.release();
            }
        }
    }

    /** Takes no more slots: whoever waits for one, and whoever asks later, gets {@link WorkerStoppingException}. */
    public void close() {
        List<CompletableFuture<Slot>> pending;
        synchronized (this) {
            closed = true;
            pending = new ArrayList<>(waiting);
            waiting.clear();
        }
        pending.forEach(slot -> slot.completeExceptionally(new WorkerStoppingException()));
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int busy() {
        return busy;
    }
}
