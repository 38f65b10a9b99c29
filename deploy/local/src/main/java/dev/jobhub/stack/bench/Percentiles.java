package dev.jobhub.stack.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of durations, in milliseconds.
 *
 * @param count how many durations were measured; the percentiles are null when there were none
 */
record Percentiles(int count, Double p50, Double p95, Double p99, Double max) {

    /** @param values durations in {@code unitsPerMilli} units (1,000,000 for nanoseconds, 1,000 for microseconds) */
    static Percentiles of(long[] values, double unitsPerMilli) {
        if (values.length == 0) {
            return new Percentiles(0, null, null, null, null);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 50) / unitsPerMilli, rank(sorted, 95) / unitsPerMilli,
                rank(sorted, 99) / unitsPerMilli, sorted[sorted.length - 1] / unitsPerMilli);
    }

    static Percentiles ofNanos(long[] nanos) {
        return of(nanos, 1_000_000.0);
    }

    /** The smallest value that at least {@code percent} % of the values do not exceed. */
    static long rank(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
