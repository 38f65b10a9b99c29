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
        return new Percentiles(sorted.length, millis(rank(sorted, 50), unitsPerMilli),
                millis(rank(sorted, 95), unitsPerMilli), millis(rank(sorted, 99), unitsPerMilli),
                millis(sorted[sorted.length - 1], unitsPerMilli));
    }

    /** To the microsecond: finer is noise. */
    private static double millis(long value, double unitsPerMilli) {
        return Math.round(value / unitsPerMilli * 1000) / 1000.0;
    }

    static Percentiles ofNanos(long[] nanos) {
        return of(nanos, 1_000_000.0);
    }

    @Override
    public String toString() {
        return count == 0 ? "none measured" : String.format("p50 %s / p95 %s / p99 %s / max %s ms", format(p50),
                format(p95), format(p99), format(max));
    }

    /** Whole milliseconds from 100 ms up, tenths below. */
    static String format(Double millis) {
        if (millis == null) {
            return "-";
        }
        return millis >= 100 ? String.format("%,.0f", millis) : String.format("%.1f", millis);
    }

    /** The smallest value that at least {@code percent} % of the values do not exceed. */
    static long rank(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
