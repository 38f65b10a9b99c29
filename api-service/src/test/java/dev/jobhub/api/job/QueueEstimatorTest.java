package dev.jobhub.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ETA formula: start = max(at, now + W / slots), finish = start + the type's mean run time. */
class QueueEstimatorTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void theWorkAheadIsSharedByTheObservedSlots() {
        // 120 s of work ahead, 4 jobs running now: 30 s until a slot is ours; our own job takes 10 s
        QueueEstimator.Estimate estimate = QueueEstimator.compute(NOW, NOW, 12, 120, 4, 2.5, 10);
        assertThat(estimate.position()).isEqualTo(12);
        assertThat(estimate.estimatedStartAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(estimate.estimatedFinishAt()).isEqualTo(NOW.plusSeconds(40));
    }

    @Test
    void theRecentThroughputCountsWhenItExceedsTheActiveJobs() {
        // nothing active at this instant, but 3 slots' worth of work finished in the last 10 minutes
        assertThat(QueueEstimator.compute(NOW, NOW, 3, 60, 0, 3, 5).estimatedStartAt()).isEqualTo(NOW.plusSeconds(20));
    }

    @Test
    void anIdlePlatformCountsOneSlot() {
        assertThat(QueueEstimator.compute(NOW, NOW, 2, 20, 0, 0, 5).estimatedStartAt()).isEqualTo(NOW.plusSeconds(20));
        assertThat(QueueEstimator.compute(NOW, NOW, 0, 0, 0, 0, 5).estimatedStartAt()).isEqualTo(NOW);
    }

    @Test
    void aDelayedJobStartsNoEarlierThanItsRunAtAndLaterIfTheBacklogOutlastsIt() {
        Instant runAt = NOW.plusSeconds(60);
        assertThat(QueueEstimator.compute(NOW, runAt, 5, 30, 1, 0, 5).estimatedStartAt()).isEqualTo(runAt);
        assertThat(QueueEstimator.compute(NOW, runAt, 50, 300, 2, 0, 5).estimatedStartAt())
                .isEqualTo(NOW.plusSeconds(150));
    }
}
