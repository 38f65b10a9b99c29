package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers jobs at a fixed rate without waiting for answers (open loop): offer {@code i} is due at
 * {@code start + i / rate}; a late offer is sent at once. Calls waiting for an answer are capped, so that an API that
 * stops answering cannot make the benchmark open connections without end: an offer over the cap is counted as not
 * sent, never silently dropped.
 */
final class OpenLoop {

    static final int MAX_IN_FLIGHT = 512;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /** Something that sends one job and releases its permit when the answer (or a failure) arrives. */
    interface Offer {
        void send(Runnable whenAnswered);
    }

    /** Offers {@code rate × duration} jobs; returns the nanoTime at which the last one was due. */
    long run(double perSecond, Duration duration, SubmitCounts counts, Offer offer) {
        long offers = Math.round(perSecond * duration.toMillis() / 1000.0);
        long start = System.nanoTime();
        double interval = 1_000_000_000.0 / perSecond;
        for (long i = 0; i < offers; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.tryAcquire()) {
                offer.send(inFlight::release);
            } else {
                counts.notSent();
            }
        }
        return start + (long) (offers * interval);
    }
}
