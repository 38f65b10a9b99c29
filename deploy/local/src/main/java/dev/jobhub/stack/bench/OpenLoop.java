package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers jobs at a fixed rate without waiting for answers (open loop): offer {@code i} is due at
 * {@code start + i / rate}; a late offer is sent at once. The calls of a workload waiting for an answer are capped
 * (as k6 caps its virtual users), so that an API that stops answering cannot make the benchmark open connections
 * without end: an offer over the cap is counted as not sent, never silently dropped.
 */
final class OpenLoop {

    static final int MAX_IN_FLIGHT = 1000;

    private OpenLoop() {
    }

    /** Offers {@code rate × duration} jobs through {@code send}; returns the nanoTime at which the last was due. */
    static long run(double perSecond, Duration duration, SubmitCounts counts, Runnable send) {
        long offers = Math.round(perSecond * duration.toMillis() / 1000.0);
        long start = System.nanoTime();
        double interval = 1_000_000_000.0 / perSecond;
        for (long i = 0; i < offers; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (counts.inFlight() < MAX_IN_FLIGHT) {
                send.run();
            } else {
                counts.notSent();
            }
        }
        return start + (long) (offers * interval);
    }
}
