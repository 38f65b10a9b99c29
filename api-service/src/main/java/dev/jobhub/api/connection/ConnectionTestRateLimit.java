package dev.jobhub.api.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many connection tests a user may run: {@code limit} per {@code period}, a burst of {@code limit} and then one
 * more every {@code period / limit} (a token bucket, kept as the generic cell rate algorithm's one timestamp per
 * user, in whole nanoseconds). A test dials whatever the user registered, so without a limit it is a way to try
 * passwords or probe a network as fast as the platform answers.
 *
 * <p>The limits live in this replica's memory: with several replicas behind a load balancer a user may get up to
 * replicas × limit tests per period, and a restart forgets them. Both are acceptable for a bound on guessing; a
 * shared store would make every test pay a round trip to it.
 */
@ApplicationScoped
public class ConnectionTestRateLimit {

    /** Above this many users tracked, those whose bucket has refilled completely are forgotten. */
    static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final Duration period;
    /** One test's share of the period. */
    private final long intervalNanos;
    /** How far ahead of now a user's next slot may be and still be granted: the rest of the burst. */
    private final long toleranceNanos;
    private final LongSupplier clock;
    /** Per user, when their bucket is full again (GCRA's theoretical arrival time). */
    private final ConcurrentHashMap<String, Long> fullAt = new ConcurrentHashMap<>();

    @Inject
    public ConnectionTestRateLimit(@ConfigProperty(name = "jobhub.connections.test-limit") int limit,
            @ConfigProperty(name = "jobhub.connections.test-limit-period") Duration period) {
        this(limit, period, System::nanoTime);
    }

    ConnectionTestRateLimit(int limit, Duration period, LongSupplier clock) {
        if (limit < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("jobhub.connections.test-limit must be at least 1 per a positive "
                    + "jobhub.connections.test-limit-period");
        }
        this.limit = limit;
        this.period = period;
        this.intervalNanos = period.toNanos() / limit;
        this.toleranceNanos = intervalNanos * (limit - 1);
        this.clock = clock;
    }

    /** What the limit is, for the 429's message: "10 connection tests per 60 s". */
    public String describe() {
        return limit + " connection tests per " + period.toSeconds() + " s";
    }

    /**
     * Takes one test from the user's bucket.
     *
     * @return zero if the test may run now, else how long until it may (whole seconds, at least one)
     */
    public Duration take(String userId) {
        long now = clock.getAsLong();
        long[] waitNanos = {0};
        fullAt.compute(userId, (user, stored) -> {
            long next = stored == null || stored - now < 0 ? now : stored;
            long ahead = next - now;
            if (ahead > toleranceNanos) {
                waitNanos[0] = ahead - toleranceNanos;
                return stored;
            }
            return next + intervalNanos;
        });
        if (fullAt.size() > SWEEP_ABOVE) {
            fullAt.values().removeIf(full -> full - now <= 0);
        }
        return waitNanos[0] == 0 ? Duration.ZERO
                : Duration.ofSeconds(Math.max(1, (waitNanos[0] + 999_999_999L) / 1_000_000_000L));
    }

    int tracked() {
        return fullAt.size();
    }
}
