package dev.jobhub.api.job;

import dev.jobhub.model.Priority;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the queue estimate needs, read from the job table in one round trip: per priority the number of waiting jobs,
 * their ready times (or quantiles of them) and their work by type; the mean run time per type; the jobs active now and the
 * average concurrency of the last 10 minutes.
 */
public record QueueSnapshot(Map<Priority, Waiting> byPriority, Map<String, Double> meanSeconds, double active,
        double busySlots) {

    /**
     * The jobs of one priority that wait, by their ready times (epoch millis, ascending): every one of them while they
     * are few ({@code readyTimes.length == count}), else quantiles.
     */
    record Waiting(long count, long[] readyTimes, Map<String, Long> countByType) {

        static final Waiting NONE = new Waiting(0, new long[0], Map.of());

        /**
         * How many became ready before {@code instant}: exact from every ready time; from q+1 quantile points, the share
         * of points below it, rounded up, which is within count/q.
         */
        long readyBefore(Instant instant) {
            if (count == 0 || readyTimes.length == 0) {
                return 0;
            }
            long at = instant.toEpochMilli();
            int below = countBelow(readyTimes, at);
            if (readyTimes.length == count) {
                return below;
            }
            long estimate = (long) Math.ceil((below - 1) * (double) count / (readyTimes.length - 1) - 1e-9);
            return Math.max(0, Math.min(count, estimate));
        }

        /** How many of the ascending {@code values} are below {@code at}: a binary search, as a GET asks per request. */
        private static int countBelow(long[] values, long at) {
            int low = 0;
            int high = values.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (values[middle] < at) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }

        /** Seconds of work in {@code ahead} of these jobs, taken as the same mix of types as all of them. */
        double work(long ahead, QueueSnapshot snapshot, double guess) {
            if (count == 0 || ahead == 0) {
                return 0;
            }
            double total = 0;
            for (Map.Entry<String, Long> type : countByType.entrySet()) {
                total += type.getValue() * snapshot.meanSeconds(type.getKey(), guess);
            }
            return total * ahead / count;
        }
    }

    Waiting waiting(Priority priority) {
        return byPriority.getOrDefault(priority, Waiting.NONE);
    }

    double meanSeconds(String type, double guess) {
        Double mean = meanSeconds.get(type);
        return mean != null ? mean : guess;
    }

    static Map<Priority, Waiting> emptyQueues() {
        return new EnumMap<>(Priority.class);
    }
}
