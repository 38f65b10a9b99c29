package dev.jobhub.stack.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code --email-pairs N}: what an email for every job costs the core path. One run with {@code --email} beside
 * one without compares two moments of a machine whose background work (autovacuum, checkpoints, the JIT, the
 * mails of the run before) moves W1's drain by more than the 10 % at stake; here each workload runs N times
 * without and N times with email, in pairs that alternate which side goes first (without first in pairs 1, 3, …),
 * after one unmeasured W1 batch, and each figure is judged on the median of the pairs' changes.
 *
 * @param pairs how many pairs each workload ran
 * @param rows  one per compared figure
 */
record EmailComparison(int pairs, List<Row> rows) {

    /** The target: a figure with email is at most this much worse than without. */
    static final double TOLERANCE = 0.10;

    /** A figure the comparison reads from a workload's result. */
    record Figure(String workload, String name, boolean higherIsBetter, Function<WorkloadResult, Double> read) {
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("W1 batch", "drain jobs/s", true, r -> number(r.figures().get("drainJobsPerSecond"))),
            new Figure("W1 batch", "submit jobs/s", true, r -> number(r.figures().get("submitJobsPerSecond"))),
            new Figure("W1 single", "drain jobs/s", true, r -> number(r.figures().get("drainJobsPerSecond"))),
            new Figure("W2", "latency p50 ms", false, r -> percentiles(r, "latencyMs").p50()),
            new Figure("W2", "latency p99 ms", false, r -> percentiles(r, "latencyMs").p99()),
            new Figure("W3", "progress events/s", true, r -> number(r.figures().get("progressEventsPerSecond"))),
            new Figure("W3", "progress delay p99 ms", false, r -> percentiles(r, "progressDelayMs").p99()));

    /**
     * One figure's values, pair by pair (null where a side failed or measured nothing).
     *
     * @param cost per pair, how much worse the figure is with email: +0.12 is 12 % worse (fewer jobs a second, or
     *             a longer latency), −0.05 is 5 % better
     */
    record Row(String workload, String figure, List<Double> without, List<Double> with, List<Double> cost) {

        @JsonProperty("medianWithout")
        Double medianWithout() {
            return median(without);
        }

        @JsonProperty("medianWith")
        Double medianWith() {
            return median(with);
        }

        @JsonProperty("medianCost")
        Double medianCost() {
            return median(cost);
        }

        /** Null when no pair measured both sides. */
        @JsonProperty("withinTolerance")
        Boolean withinTolerance() {
            Double cost = medianCost();
            return cost == null ? null : cost <= TOLERANCE;
        }
    }

    /** A workload's run on one side of a pair: its result, null if it failed. */
    record Side(String workload, int pair, boolean email, WorkloadResult result) {
    }

    static EmailComparison of(int pairs, List<Side> sides) {
        List<Row> rows = new ArrayList<>();
        for (Figure figure : FIGURES) {
            if (sides.stream().noneMatch(s -> s.workload().equals(figure.workload()))) {
                continue;
            }
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            List<Double> cost = new ArrayList<>();
            for (int pair = 1; pair <= pairs; pair++) {
                Double plain = value(sides, figure, pair, false);
                Double mailed = value(sides, figure, pair, true);
                without.add(plain);
                with.add(mailed);
                cost.add(plain == null || mailed == null || plain == 0 ? null
                        : figure.higherIsBetter() ? 1 - mailed / plain : mailed / plain - 1);
            }
            rows.add(new Row(figure.workload(), figure.name(), without, with, cost));
        }
        return new EmailComparison(pairs, rows);
    }

    /** Whether pair {@code pair} runs its side without email first: odd pairs do, even ones run with email first. */
    static boolean withoutFirst(int pair) {
        return pair % 2 == 1;
    }

    /** True if every figure measured is within {@link #TOLERANCE}. */
    @JsonProperty("withinTolerance")
    boolean withinTolerance() {
        return rows.stream().map(Row::withinTolerance).allMatch(within -> within == null || within);
    }

    /** A Markdown table, ready for the README. */
    String table() {
        StringBuilder table = new StringBuilder(String.format(
                "Email comparison: %d pair%s per workload, alternating which side runs first; cost = how much "
                        + "worse with email (median of the pairs)%n%n", pairs, pairs == 1 ? "" : "s"))
                .append("| workload | figure | without, per pair | with email, per pair | cost per pair | median cost "
                        + "| within 10 % |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            table.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", row.workload(), row.figure(),
                    values(row.without()), values(row.with()), percents(row.cost()), percent(row.medianCost()),
                    row.withinTolerance() == null ? "not measured" : row.withinTolerance() ? "yes" : "no"));
        }
        return table.toString();
    }

    private static Double value(List<Side> sides, Figure figure, int pair, boolean email) {
        return sides.stream()
                .filter(s -> s.workload().equals(figure.workload()) && s.pair() == pair && s.email() == email)
                .findFirst().map(Side::result).map(figure.read()).orElse(null);
    }

    static Double median(List<Double> values) {
        double[] present = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sorted()
                .toArray();
        if (present.length == 0) {
            return null;
        }
        int middle = present.length / 2;
        return present.length % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
    }

    private static Double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : null;
    }

    private static Percentiles percentiles(WorkloadResult result, String figure) {
        return result.figures().get(figure) instanceof Percentiles percentiles ? percentiles
                : new Percentiles(0, null, null, null, null);
    }

    private static String values(List<Double> values) {
        return String.join(", ", values.stream().map(v -> v == null ? "-" : Percentiles.format(v)).toList());
    }

    private static String percents(List<Double> costs) {
        return String.join(", ", costs.stream().map(EmailComparison::percent).toList());
    }

    private static String percent(Double cost) {
        return cost == null ? "-" : String.format("%+.0f %%", cost * 100);
    }
}
