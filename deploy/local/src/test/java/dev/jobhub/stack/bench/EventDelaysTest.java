package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDelaysTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void delaysByTypeAndAllTogether() {
        EventDelays delays = new EventDelays();
        delays.add("job.completed", T0, T0.plusMillis(10));
        delays.add("job.completed", T0, T0.plusMillis(30));
        delays.add("job.started", T0, T0.plusMillis(2));
        // a receive a hair before the event's time counts as no delay
        delays.add("job.started", T0, T0.minusNanos(500_000));
        // an event without its time is not measured
        delays.add("job.queued", null, T0);

        assertThat(delays.of("job.completed")).isEqualTo(new Percentiles(2, 10.0, 30.0, 30.0, 30.0));
        assertThat(delays.of("job.started").max()).isEqualTo(2.0);
        assertThat(delays.of("job.started").p50()).isEqualTo(0.0);
        assertThat(delays.all().count()).isEqualTo(4);
        assertThat(delays.of("job.queued").count()).isZero();
        assertThat(delays.byType()).containsOnlyKeys("job.completed", "job.started");
    }
}
