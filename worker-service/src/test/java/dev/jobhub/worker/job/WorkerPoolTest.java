package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.model.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private static final Duration AGING = Duration.ofSeconds(30);

    @Test
    void onStopARunningJobMayFinishWithinTheGracePeriod() throws Exception {
        WorkerPool pool = new WorkerPool(2, Duration.ofSeconds(10), AGING, new SimpleMeterRegistry());
        CountDownLatch began = new CountDownLatch(1);
        AtomicReference<String> ending = new AtomicReference<>();
        JobAttempt attempt = attempt();
        CancellationToken token = attempt.token();

        pool.start(pool.acquireSlot(Priority.NORMAL).await().indefinitely(), attempt, () -> {
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
        WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100), AGING, new SimpleMeterRegistry());
        CountDownLatch began = new CountDownLatch(1);
        AtomicReference<Throwable> ending = new AtomicReference<>();
        JobAttempt attempt = attempt();
        CancellationToken token = attempt.token();

        pool.start(pool.acquireSlot(Priority.NORMAL).await().indefinitely(), attempt, () -> {
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
    void aStopWaitsForTheOutcomesOnTheirWayToTheBroker() {
        WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100), AGING, new SimpleMeterRegistry());
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        pool.sending(outcome);
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> outcome.complete(null));

        pool.stop();

        assertThat(outcome).as("acknowledged before the stop returned").isCompleted();
    }

    @Test
    void aStoppedPoolTakesNoJobs() {
        WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100), AGING, new SimpleMeterRegistry());
        WorkerSlots.Slot slot = pool.acquireSlot(Priority.NORMAL).await().indefinitely();
        pool.stop();

        JobAttempt attempt = attempt();
        assertThatThrownBy(() -> pool.start(slot, attempt, () -> {
        })).isInstanceOf(WorkerStoppingException.class);
        assertThat(pool.running()).isEmpty();
        assertThat(pool.busy()).isZero();
        assertThatThrownBy(() -> pool.acquireSlot(Priority.NORMAL).await().indefinitely())
                .isInstanceOf(WorkerStoppingException.class);
    }

    @Test
    void findsTheRunningAttemptsAControlMessageIsAbout() throws Exception {
        WorkerPool pool = new WorkerPool(2, Duration.ofMillis(100), AGING, new SimpleMeterRegistry());
        JobAttempt target = attempt();
        JobAttempt other = attempt();
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
        pool.start(pool.acquireSlot(Priority.NORMAL).await().indefinitely(), target, blockUntilReleased);
        pool.start(pool.acquireSlot(Priority.NORMAL).await().indefinitely(), other, blockUntilReleased);

        UUID jobId = target.jobId();
        int number = target.command().attempt();
        assertThat(pool.running(jobId, number)).containsExactly(target);
        assertThat(pool.running(jobId, 0)).as("attempt 0 addresses every attempt").containsExactly(target);
        assertThat(pool.running(jobId, number + 1)).as("another attempt of the job").isEmpty();
        assertThat(pool.running()).containsExactlyInAnyOrder(target, other);

        release.countDown();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        pool.stop();
        assertThat(pool.running()).isEmpty();
    }

    private static JobAttempt attempt() {
        return new JobAttempt(JobCommands.sleep(1, 1, null), "worker-1");
    }
}
