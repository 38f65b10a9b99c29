package dev.jobhub.notify.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per endpoint (or per-job target), in this instance's memory: at most its rate of deliveries per
 * second, with bursts up to one second's worth. N instances allow up to N times the rate; a delivery over the limit
 * waits for the next round without costing an attempt.
 */
@ApplicationScoped
public class WebhookRateLimits {

    /** Beyond this many targets, buckets that have refilled (idle ones) are dropped: they would start full anyway. */
    private static final int MAX_BUCKETS = 10_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token from the target's bucket if there is one. @param perSecond the target's rate */
    public boolean tryTake(String target, int perSecond) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(target, key -> new Bucket(perSecond, now)).tryTake(perSecond, now);
    }

    private static final class Bucket {

        private double tokens;
        private long refilledAt;
        private int rate;

        Bucket(int rate, long now) {
            this.rate = rate;
            this.tokens = rate;
            this.refilledAt = now;
        }

        synchronized boolean tryTake(int perSecond, long now) {
            rate = perSecond; // the endpoint's limit may have changed
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= rate;
        }

        private void refill(long now) {
            tokens = Math.min(rate, tokens + (now - refilledAt) * rate / 1e9);
            refilledAt = now;
        }
    }
}
