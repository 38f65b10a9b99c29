package dev.jobhub.worker.job;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Cooperative cancellation of one running job. Handlers check it between steps ({@link #throwIfCancelled()}) and
 * wait through it ({@link #sleep(Duration)}), so that a cancellation ends a long wait at once instead of at the
 * next step. Whoever cancels (a cancel or drop on {@code jobs.control}, the timeout watchdog, the worker on
 * shutdown) only flips it.
 */
public final class CancellationToken {

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile String reason;

    /** Cancels the job; the first reason wins, later calls change nothing. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null ? "cancelled" : why;
        }
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the job was cancelled, or null if it was not. */
    public String reason() {
        return reason;
    }

    /** @throws JobCancelledException if the job was cancelled */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new JobCancelledException(reason);
        }
    }

    /**
     * Waits for {@code duration}, or less if the job is cancelled meanwhile.
     *
     * @throws JobCancelledException if the job was or becomes cancelled
     * @throws InterruptedException  if the thread is interrupted (the worker's last resort on shutdown)
     */
    public void sleep(Duration duration) throws InterruptedException {
        throwIfCancelled();
        if (cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new JobCancelledException(reason);
        }
    }
}
