package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class WorkerSlotsTest {

    private final WorkerSlots slots = new WorkerSlots(2);

    @Test
    void givesNoMoreSlotsThanItHasUntilOneIsReleased() {
        WorkerSlots.Slot first = slots.acquire().join();
        slots.acquire().join();

        CompletableFuture<WorkerSlots.Slot> third = slots.acquire();
        assertThat(third).isNotDone();
        assertThat(slots.busy()).isEqualTo(2);

        first.release();
        assertThat(third).isCompleted();
        assertThat(slots.busy()).isEqualTo(2);
    }

    @Test
    void releasingASlotTwiceFreesItOnce() {
        WorkerSlots.Slot slot = slots.acquire().join();

        slot.release();
        slot.release();

        assertThat(slots.busy()).isZero();
    }

    @Test
    void onceClosedItFailsWhoeverWaitsAndWhoeverAsks() {
        slots.acquire().join();
        WorkerSlots.Slot second = slots.acquire().join();
        CompletableFuture<WorkerSlots.Slot> waiting = slots.acquire();

        slots.close();
        second.release();

        assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WorkerStoppingException.class);
        assertThat(slots.acquire()).isCompletedExceptionally();
        assertThat(slots.busy()).isOne();
    }

    @Test
    void needsAtLeastOneSlot() {
        assertThatThrownBy(() -> new WorkerSlots(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
