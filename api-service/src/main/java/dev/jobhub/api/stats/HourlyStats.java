package dev.jobhub.api.stats;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code job_stats_hourly}: the jobs of one user and type that finished in one hour; durations
 * (finished_at - started_at) are those of the completed ones.
 */
public record HourlyStats(Instant hour, String userId, String type, int completed, int failed, int cancelled,
        Double p50Ms, Double p95Ms, Double meanMs) {

    /** The answer of {@code GET /api/jobs/stats/hourly}. */
    public record Listing(Instant from, Instant to, List<HourlyStats> data) {
    }
}
