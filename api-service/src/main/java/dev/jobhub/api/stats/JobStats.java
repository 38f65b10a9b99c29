package dev.jobhub.api.stats;

import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code GET /api/jobs/stats}.
 *
 * @param byState            jobs created in the window: type → state → count (every state listed for each type)
 * @param successRate        completed / (completed + failed) of the jobs that finished in the window; null if none
 * @param meanDurationMs     mean of finished_at - started_at of the jobs completed in the window; null if none
 * @param p95DurationMs      95th percentile (continuous) of the same durations
 * @param queueDepth         jobs waiting now (queued, delayed or retrying) per priority, whatever their age
 * @param oldestWaitingAgeMs age (since creation) of the oldest waiting job; null if none waits
 */
public record JobStats(String window, Instant since, String userId, Map<String, Map<String, Long>> byState,
        Double successRate, Double meanDurationMs, Double p95DurationMs, Map<String, Long> queueDepth,
        Long oldestWaitingAgeMs) {
}
