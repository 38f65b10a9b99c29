package dev.jobhub.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One endpoint's rate limit spends its own tokens only. */
class WebhookRateLimitsTest {

    @Test
    void aTargetGetsItsRatePerSecondAndOthersAreNotHeldBack() throws InterruptedException {
        WebhookRateLimits limits = new WebhookRateLimits();
        long taken = IntStream.range(0, 20).filter(i -> limits.tryTake("slow", 5)).count();
        assertThat(taken).isEqualTo(5);
        assertThat(limits.tryTake("other", 5)).isTrue();
        Thread.sleep(450);
        assertThat(limits.tryTake("slow", 5)).as("refilled at 5 per second").isTrue();
    }
}
