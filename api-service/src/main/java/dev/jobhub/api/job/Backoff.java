package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * The wait before the next attempt of a job: THE retry formula of the platform.
 *
 * <ul>
 * <li>{@code exponential}: delay = min(maxDelayMs, delayMs * 2^(attempt - 1)), attempt being the attempt that failed
 * (1 for the first);</li>
 * <li>{@code fixed}: delay = min(maxDelayMs, delayMs).</li>
 * </ul>
 * The wait is the delay with "equal jitter": delay/2 + random(0..delay/2), so retries of jobs that failed together
 * spread out while never waiting less than half the delay.
 *
 * @param delayMs    the first (exponential) or every (fixed) delay
 * @param maxDelayMs the cap on any delay
 */
public record Backoff(Type type, long delayMs, long maxDelayMs) {

    public enum Type {
        EXPONENTIAL,
        FIXED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but exponential or fixed (any case) */
        public static Type fromWire(String value) {
            for (Type type : values()) {
                if (type.wireName().equalsIgnoreCase(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("backoff type must be exponential or fixed");
        }
    }

    public Backoff {
        if (type == null || delayMs < 0 || maxDelayMs < 0) {
            throw new IllegalArgumentException("invalid backoff " + type + " " + delayMs + " " + maxDelayMs);
        }
    }

    /**
     * The job's policy ({@code {type, delayMs, maxDelayMs}}, any field optional) over {@code defaults}; a null or
     * unreadable policy is the defaults (a policy was validated when the job was submitted).
     */
    public static Backoff of(JsonNode policy, Backoff defaults) {
        if (policy == null || !policy.isObject()) {
            return defaults;
        }
        try {
            Type type = policy.hasNonNull("type") ? Type.fromWire(policy.get("type").asText()) : defaults.type;
            long delay = policy.hasNonNull("delayMs") ? policy.get("delayMs").asLong() : defaults.delayMs;
            long max = policy.hasNonNull("maxDelayMs") ? policy.get("maxDelayMs").asLong() : defaults.maxDelayMs;
            return new Backoff(type, delay, max);
        } catch (IllegalArgumentException e) {
            return defaults;
        }
    }

    /** The delay (before jitter) after attempt {@code failedAttempt} failed. */
    public long delayMs(int failedAttempt) {
        long delay = Math.min(delayMs, maxDelayMs);
        if (type == Type.EXPONENTIAL) {
            for (int i = 1; i < failedAttempt && delay < maxDelayMs; i++) {
                delay = Math.min(maxDelayMs, delay * 2);
            }
        }
        return delay;
    }

    /**
     * The wait after attempt {@code failedAttempt} failed: delay/2 + random(0..delay/2).
     *
     * @param random given a bound n, returns a number in [0, n]
     */
    public long waitMs(int failedAttempt, LongUnaryOperator random) {
        long delay = delayMs(failedAttempt);
        long half = delay / 2;
        return delay - half + random.applyAsLong(half);
    }

    /** {@link #waitMs(int, LongUnaryOperator)} with a thread-local random source. */
    public long waitMs(int failedAttempt) {
        return waitMs(failedAttempt, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
    }

    public ObjectNode toJson() {
        return JobJsonCodec.mapper().createObjectNode()
                .put("type", type.wireName())
                .put("delayMs", delayMs)
                .put("maxDelayMs", maxDelayMs);
    }
}
