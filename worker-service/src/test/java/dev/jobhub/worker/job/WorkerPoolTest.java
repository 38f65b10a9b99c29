package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void onStopARunningJobMayFinishWithinTheGracePeriod() throws Exception {
        WorkerPool pool = new WorkerPool(2, Duration.ofSeconds(10), new SimpleMeterRegistry());
        CountDownLatch began = new CountDownLatch(1);
        AtomicReference<String> ending = new AtomicReference<>();
        CancellationToken token = new CancellationToken();

        pool.start(pool.acquireSlot().await().indefinitely(), UUID.randomUUID(), token, () -> {
            began.countDown();
            try {
                Thread.sleep(300);
                ending.set(token.isCancelled() ? "cancelled" : "finished");
            } catch (InterruptedException e) {
                ending.set("interrupted");
            }
        });
        began.await(5, TimeUnit.SECONDS);
        pool.stop();

        assertThat(ending).hasValue("finished");
        assertThat(pool.busy()).isZero();
    }

    @Test
    void aJobStillRunningAfterTheGracePeriodIsCancelled() throws Exception {
        WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100), new SimpleMeterRegistry());
        CountDownLatch began = new CountDownLatch(1);
        AtomicReference<Throwable> ending = new AtomicReference<>();
        CancellationToken token = new CancellationToken();

        pool.start(pool.acquireSlot().await().indefinitely(), UUID.randomUUID(), token, () -> {
            began.countDown();
            try {
                token.sleep(Duration.ofMinutes(10));
            } catch (JobCancelledException | InterruptedException e) {
                ending.set(e);
            }
        });
        began.await(5, TimeUnit.SECONDS);
        pool.stop();

        assertThat(ending.get()).isInstanceOf(JobCancelledException.class)
                .hasMessage("the worker is shutting down");
        assertThat(pool.isStopping()).isTrue();
    }

    @Test
    void aStoppedPoolTakesNoJobs() {
        WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100), new SimpleMeterRegistry());
        WorkerSlots.Slot slot = pool.acquireSlot().await().indefinitely();
        pool.stop();

        assertThatThrownBy(() -> pool.start(slot, UUID.randomUUID(), new CancellationToken(), () -> {
        })).isInstanceOf(WorkerStoppingException.class);
        assertThat(pool.busy()).isZero();
        assertThatThrownBy(() -> pool.acquireSlot().await().indefinitely())
                .isInstanceOf(WorkerStoppingException.class);
    }

    @Test
    void cancelsTheRunningAttemptsOfOneJobOnly() throws Exception {
        WorkerPool pool = new WorkerPool(2, Duration.ofMillis(100), new SimpleMeterRegistry());
        UUID target = UUID.randomUUID();
        CancellationToken targetToken = new CancellationToken();
        CancellationToken otherToken = new CancellationToken();
        CountDownLatch ended = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable blockUntilReleased = () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        };
        pool.start(pool.acquireSlot().await().indefinitely(), target, targetToken, blockUntilReleased);
        pool.start(pool.acquireSlot().await().indefinitely(), UUID.randomUUID(), otherToken, blockUntilReleased);

        assertThat(pool.cancel(target, "the user cancelled it")).isOne();
        assertThat(targetToken.reason()).isEqualTo("the user cancelled it");
        assertThat(otherToken.isCancelled()).isFalse();

        release.countDown();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        pool.stop();
    }
}
