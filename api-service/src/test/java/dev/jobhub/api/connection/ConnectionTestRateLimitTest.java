package dev.jobhub.api.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionTestRateLimitTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ConnectionTestRateLimit limit = new ConnectionTestRateLimit(10, Duration.ofMinutes(1), clock::get);

    @Test
    void aBurstOfTheLimitThenOneMoreEveryPeriodOverLimit() {
        for (int i = 0; i < 10; i++) {
            assertThat(limit.take("alice")).as("test %d", i + 1).isZero();
        }
        assertThat(limit.take("alice")).isEqualTo(Duration.ofSeconds(6));
        advance(Duration.ofSeconds(3));
        assertThat(limit.take("alice")).isEqualTo(Duration.ofSeconds(3));
        advance(Duration.ofSeconds(3));
        assertThat(limit.take("alice")).isZero();
        assertThat(limit.take("alice")).isEqualTo(Duration.ofSeconds(6));
        // refused attempts do not use up what refills
        advance(Duration.ofMillis(5_500));
        assertThat(limit.take("alice")).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofMillis(500));
        assertThat(limit.take("alice")).isZero();
    }

    @Test
    void eachUserHasABucketOfTheirOwnThatRefillsToTheLimitOnly() {
        for (int i = 0; i < 10; i++) {
            limit.take("alice");
        }
        assertThat(limit.take("alice")).isPositive();
        assertThat(limit.take("bob")).isZero();
        advance(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            assertThat(limit.take("alice")).isZero();
        }
        assertThat(limit.take("alice")).isPositive();
    }

    @Test
    void fullBucketsAreForgottenOnceManyUsersAreTracked() {
        for (int i = 0; i <= ConnectionTestRateLimit.SWEEP_ABOVE; i++) {
            limit.take("user-" + i);
        }
        advance(Duration.ofMinutes(1));
        limit.take("one-more");
        assertThat(limit.tracked()).isEqualTo(1);
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new ConnectionTestRateLimit(0, Duration.ofMinutes(1), clock::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionTestRateLimit(1, Duration.ZERO, clock::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }
}
