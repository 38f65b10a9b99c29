package dev.jobhub.worker.job;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Limits of their own for job types whose jobs cost far more than a slot (an embedding model's CPU and memory, a
 * database connection): a slot is sized for the cheap jobs, so that a no-op job does not wait behind a few
 * vectorizations, while at most {@code jobhub.worker.type-concurrency.<type>} jobs of a limited type run at once.
 */
final class TypeLimits {

    private static final long POLL_MILLIS = 100;

    private final Map<String, Semaphore> limits;

    TypeLimits(Map<String, Integer> limits) {
        this.limits = limits.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> {
                    if (entry.getValue() < 1) {
                        throw new IllegalArgumentException("jobhub.worker.type-concurrency of '" + entry.getKey()
                                + "' must be at least 1, not " + entry.getValue());
                    }
                    return new Semaphore(entry.getValue(), true);
                }));
    }

    /**
     * Waits (on the job's own thread) until a job of this type may run.
     *
     * @return what gives the place back once the job has ended
     * @throws JobCancelledException if the attempt is cancelled while it waits
     */
    Runnable enter(String jobType, CancellationToken token) throws InterruptedException {
        Semaphore limit = limits.get(jobType);
        if (limit == null) {
            return () -> {
            };
        }
        while (!limit.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            token.throwIfCancelled();
        }
        return limit::release;
    }
}
