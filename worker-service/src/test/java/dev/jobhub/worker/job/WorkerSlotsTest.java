package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.model.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerSlotsTest {

    private static final Duration AGING = Duration.ofSeconds(30);

    /** The slots' clock, moved by the test. */
    private final AtomicLong now = new AtomicLong();
    private final WorkerSlots slots = new WorkerSlots(2, AGING, now::get);

    @Test
    void givesNoMoreSlotsThanItHasUntilOneIsReleased() {
        WorkerSlots.Slot first = slots.acquire(Priority.NORMAL).join();
        slots.acquire(Priority.NORMAL).join();

        CompletableFuture<WorkerSlots.Slot> third = slots.acquire(Priority.NORMAL);
        assertThat(third).isNotDone();
        assertThat(slots.busy()).isEqualTo(2);
        assertThat(slots.waiting()).isOne();

        first.release();
        assertThat(third).isCompleted();
        assertThat(slots.busy()).isEqualTo(2);
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void aWithdrawnRequestLeavesTheQueueAndGetsNoSlot() {
        WorkerSlots single = new WorkerSlots(1, AGING, now::get);
        WorkerSlots.Slot held = single.acquire(Priority.NORMAL).join();
        CompletableFuture<WorkerSlots.Slot> withdrawn = single.acquire(Priority.HIGH);
        CompletableFuture<WorkerSlots.Slot> next = single.acquire(Priority.LOW);

        withdrawn.cancel(false);
        assertThat(single.waiting()).isOne();
        held.release();

        assertThat(next).isCompleted();
        assertThat(single.busy()).isOne();
    }

    @Test
    void releasingASlotTwiceFreesItOnce() {
        WorkerSlots.Slot slot = slots.acquire(Priority.NORMAL).join();

        slot.release();
        slot.release();

        assertThat(slots.busy()).isZero();
    }

    @Test
    void freedSlotsGoToHighThenNormalThenLowWhateverTheOrderTheyCameIn() {
        WorkerSlots single = new WorkerSlots(1, AGING, now::get);
        WorkerSlots.Slot held = single.acquire(Priority.NORMAL).join();
        List<String> order = new ArrayList<>();
        waitFor(single, Priority.LOW, "L1", order);
        waitFor(single, Priority.LOW, "L2", order);
        waitFor(single, Priority.NORMAL, "N1", order);
        waitFor(single, Priority.NORMAL, "N2", order);
        waitFor(single, Priority.HIGH, "H1", order);
        waitFor(single, Priority.HIGH, "H2", order);

        held.release();

        // each waiter releases its slot at once, so the slot passes down the whole line in one go
        assertThat(order).containsExactly("H1", "H2", "N1", "N2", "L1", "L2");
    }

    @Test
    void agingLetsALowWaiterPassFreshHighWaiters() {
        WorkerSlots single = new WorkerSlots(1, AGING, now::get);
        WorkerSlots.Slot held = single.acquire(Priority.HIGH).join();
        CompletableFuture<WorkerSlots.Slot> low = single.acquire(Priority.LOW);

        // one period: low counts as normal, still below a fresh high
        now.addAndGet(AGING.toNanos());
        CompletableFuture<WorkerSlots.Slot> earlyHigh = single.acquire(Priority.HIGH);
        held.release();
        assertThat(earlyHigh).isCompleted();
        assertThat(low).isNotDone();

        // two periods: low counts as high and has waited longer than the fresh high commands
        now.addAndGet(AGING.toNanos());
        CompletableFuture<WorkerSlots.Slot> freshHigh = single.acquire(Priority.HIGH);
        CompletableFuture<WorkerSlots.Slot> freshHigh2 = single.acquire(Priority.HIGH);
        earlyHigh.join().release();

        assertThat(low).isCompleted();
        assertThat(freshHigh).isNotDone();
        assertThat(freshHigh2).isNotDone();
    }

    @Test
    void aNormalWaiterAgesPastFreshNormalButNotPastAHighThatWaitedAsLong() {
        WorkerSlots single = new WorkerSlots(1, AGING, now::get);
        WorkerSlots.Slot held = single.acquire(Priority.HIGH).join();
        CompletableFuture<WorkerSlots.Slot> high = single.acquire(Priority.HIGH);
        CompletableFuture<WorkerSlots.Slot> normal = single.acquire(Priority.NORMAL);
        now.addAndGet(AGING.toNanos() * 5);

        held.release();

        // both count as high (the top); the high came first
        assertThat(high).isCompleted();
        assertThat(normal).isNotDone();
    }

    @Test
    void withoutAgingPriorityIsStrict() {
        WorkerSlots strict = new WorkerSlots(1, Duration.ZERO, now::get);
        WorkerSlots.Slot held = strict.acquire(Priority.HIGH).join();
        CompletableFuture<WorkerSlots.Slot> low = strict.acquire(Priority.LOW);
        now.addAndGet(Duration.ofHours(1).toNanos());
        CompletableFuture<WorkerSlots.Slot> high = strict.acquire(Priority.HIGH);

        held.release();

        assertThat(high).isCompleted();
        assertThat(low).isNotDone();
    }

    @Test
    void onceClosedItFailsWhoeverWaitsAndWhoeverAsks() {
        slots.acquire(Priority.NORMAL).join();
        WorkerSlots.Slot second = slots.acquire(Priority.NORMAL).join();
        CompletableFuture<WorkerSlots.Slot> waiting = slots.acquire(Priority.HIGH);

        slots.close();
        second.release();

        assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WorkerStoppingException.class);
        assertThat(slots.acquire(Priority.HIGH)).isCompletedExceptionally();
        assertThat(slots.busy()).isOne();
    }

    @Test
    void needsAtLeastOneSlot() {
        assertThatThrownBy(() -> new WorkerSlots(0, AGING)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits for a slot; once granted, notes the name and releases it. */
    private static void waitFor(WorkerSlots slots, Priority priority, String name, List<String> order) {
        slots.acquire(priority).thenAccept(slot -> {
            order.add(name);
            slot.release();
        });
    }
}
