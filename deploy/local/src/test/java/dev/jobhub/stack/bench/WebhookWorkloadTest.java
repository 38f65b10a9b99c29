package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookWorkloadTest {

    @Test
    void theAddedLatencyIsSubscribedMinusPlainWithItsSign() {
        Percentiles plain = Percentiles.ofNanos(new long[] {200_000_000L, 700_000_000L, 900_000_000L});
        Percentiles subscribed = Percentiles.ofNanos(new long[] {150_000_000L, 705_000_000L, 1_900_000_000L});

        assertThat(WebhookWorkload.added(plain, subscribed)).isEqualTo("p50 +5.0 / p95 +1,000 / p99 +1,000 ms");
        assertThat(WebhookWorkload.added(subscribed, plain)).isEqualTo("p50 -5.0 / p95 -1,000 / p99 -1,000 ms");
        assertThat(WebhookWorkload.added(Percentiles.ofNanos(new long[0]), subscribed)).isEqualTo("not measured");
    }
}
