package dev.jobhub.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobJsonCodec;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff DEFAULTS = new Backoff(Backoff.Type.EXPONENTIAL, 1000, 3_600_000);

    @Test
    void exponentialDoublesPerFailedAttemptUpToTheCap() {
        Backoff backoff = new Backoff(Backoff.Type.EXPONENTIAL, 1000, 5000);
        assertThat(backoff.delayMs(1)).isEqualTo(1000);
        assertThat(backoff.delayMs(2)).isEqualTo(2000);
        assertThat(backoff.delayMs(3)).isEqualTo(4000);
        assertThat(backoff.delayMs(4)).isEqualTo(5000);
        assertThat(backoff.delayMs(60)).isEqualTo(5000);
    }

    @Test
    void fixedAlwaysWaitsTheSame() {
        Backoff backoff = new Backoff(Backoff.Type.FIXED, 700, 3_600_000);
        assertThat(backoff.delayMs(1)).isEqualTo(700);
        assertThat(backoff.delayMs(9)).isEqualTo(700);
    }

    @Test
    void equalJitterWaitsBetweenHalfAndAllOfTheDelay() {
        Backoff backoff = new Backoff(Backoff.Type.EXPONENTIAL, 1000, 3_600_000);
        assertThat(backoff.waitMs(2, bound -> 0)).isEqualTo(1000);
        assertThat(backoff.waitMs(2, bound -> bound)).isEqualTo(2000);
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.waitMs(3)).isBetween(2000L, 4000L);
        }
    }

    @Test
    void aJobsPolicyOverridesTheDefaultsFieldByField() {
        var policy = JobJsonCodec.mapper().createObjectNode().put("type", "fixed").put("delayMs", 250);
        assertThat(Backoff.of(policy, DEFAULTS)).isEqualTo(new Backoff(Backoff.Type.FIXED, 250, 3_600_000));
        assertThat(Backoff.of(null, DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(Backoff.of(JobJsonCodec.mapper().createObjectNode().put("type", "linear"), DEFAULTS))
                .isEqualTo(DEFAULTS);
        assertThat(Backoff.of(DEFAULTS.toJson(), DEFAULTS)).isEqualTo(DEFAULTS);
    }
}
