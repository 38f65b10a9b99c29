package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailComparisonTest {

    private static WorkloadResult w1Batch(double drainPerSecond) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("submitJobsPerSecond", 5_000L);
        figures.put("drainJobsPerSecond", Math.round(drainPerSecond));
        figures.put("completedSeen", 20_000);
        figures.put("accepted", 20_000L);
        return new WorkloadResult("W1 batch", "20,000 no-op jobs", 30.0, figures, null, null, List.of(), null);
    }

    private static WorkloadResult w2(double p50, double p99) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("latencyMs", new Percentiles(6_000, p50, p99 / 2, p99, p99 * 2));
        figures.put("completedSeen", 6_000);
        figures.put("accepted", 6_000L);
        return new WorkloadResult("W2", "200 jobs/s", 31.0, figures, null, null, List.of(), null);
    }

    private static List<EmailComparison.Side> sides(String workload, List<WorkloadResult> without,
            List<WorkloadResult> with) {
        List<EmailComparison.Side> sides = new ArrayList<>();
        for (int i = 0; i < without.size(); i++) {
            sides.add(new EmailComparison.Side(workload, i + 1, false, without.get(i)));
            sides.add(new EmailComparison.Side(workload, i + 1, true, with.get(i)));
        }
        return sides;
    }

    @Test
    void theCostIsTheMedianOfThePairsWorseningWhicheverWayAFigureIsBetter() {
        List<EmailComparison.Side> sides = new ArrayList<>(sides("W1 batch",
                List.of(w1Batch(1_000), w1Batch(600), w1Batch(1_200)),
                List.of(w1Batch(950), w1Batch(1_100), w1Batch(960))));
        sides.addAll(sides("W2", List.of(w2(90, 300), w2(95, 280), w2(100, 250)),
                List.of(w2(92, 600), w2(96, 300), w2(100, 400))));

        EmailComparison comparison = EmailComparison.of(3, sides);

        EmailComparison.Row drain = row(comparison, "W1 batch", "drain jobs/s");
        // fewer jobs a second with email is a cost: 1 − 950/1000 = +5 %, 1 − 1100/600 = −83 %, 1 − 960/1200 = +20 %
        assertThat(drain.cost().get(0)).isCloseTo(0.05, within(1e-9));
        assertThat(drain.cost().get(1)).isCloseTo(1 - 1_100 / 600.0, within(1e-9));
        assertThat(drain.medianCost()).isCloseTo(0.05, within(1e-9));
        assertThat(drain.medianWithout()).isEqualTo(1_000.0);
        assertThat(drain.medianWith()).isEqualTo(960.0);
        assertThat(drain.withinTolerance()).isTrue();
        // a longer latency with email is a cost: 600/300 − 1 = +100 %, 300/280 − 1 = +7 %, 400/250 − 1 = +60 %
        EmailComparison.Row p99 = row(comparison, "W2", "latency p99 ms");
        assertThat(p99.medianCost()).isCloseTo(0.6, within(1e-9));
        assertThat(p99.withinTolerance()).isFalse();
        assertThat(comparison.withinTolerance()).isFalse();
        // the workloads that did not run have no rows
        assertThat(comparison.rows()).extracting(EmailComparison.Row::workload).containsOnly("W1 batch", "W2");
    }

    @Test
    void aFailedSideLeavesItsPairOutOfTheMedian() {
        List<WorkloadResult> with = new ArrayList<>(List.of(w1Batch(500), w1Batch(990)));
        with.set(0, null);
        EmailComparison comparison = EmailComparison.of(2, sides("W1 batch", List.of(w1Batch(1_000),
                w1Batch(1_000)), with));

        EmailComparison.Row drain = row(comparison, "W1 batch", "drain jobs/s");
        assertThat(drain.with().get(0)).isNull();
        assertThat(drain.cost().get(0)).isNull();
        assertThat(drain.medianCost()).isCloseTo(0.01, within(1e-9));
        assertThat(comparison.table()).contains("| W1 batch | drain jobs/s | 1,000, 1,000 | -, 990 | -, +1 % | +1 % | yes |");
    }

    @Test
    void oddPairsRunWithoutEmailFirstAndEvenOnesWithEmailFirst() {
        assertThat(EmailComparison.withoutFirst(1)).isTrue();
        assertThat(EmailComparison.withoutFirst(2)).isFalse();
        assertThat(EmailComparison.withoutFirst(3)).isTrue();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(EmailComparison.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(EmailComparison.median(new ArrayList<>(java.util.Arrays.asList(null, 7.0)))).isEqualTo(7.0);
        assertThat(EmailComparison.median(List.of())).isNull();
    }

    @Test
    void theReportShowsTheComparisonAndLabelledRunsKeepTheirHeadline() throws Exception {
        EmailComparison comparison = EmailComparison.of(1, sides("W1 batch", List.of(w1Batch(1_000)),
                List.of(w1Batch(800))));
        List<WorkloadResult> runs = List.of(w1Batch(1_000).labelled("without email · pair 1 of 1"),
                w1Batch(800).labelled("with email · pair 1 of 1"));
        Report report = new Report("s", false, false, Map.of(), runs, List.of(), comparison);

        assertThat(report.summaryTable()).contains("| W1 batch · with email · pair 1 of 1 | submit 5000 jobs/s, "
                + "drain 800 jobs/s (20000 of 20000 seen) |");
        assertThat(report.text()).contains("| W1 batch | drain jobs/s | 1,000 | 800 | +20 % | +20 % | no |");
        JsonNode json = JobJsonCodec.mapper().readTree(report.json()).path("emailComparison");
        assertThat(json.path("withinTolerance").asBoolean()).isFalse();
        assertThat(json.path("rows").path(0).path("medianCost").asDouble()).isCloseTo(0.2, within(1e-9));
    }

    private static EmailComparison.Row row(EmailComparison comparison, String workload, String figure) {
        return comparison.rows().stream().filter(r -> r.workload().equals(workload) && r.figure().equals(figure))
                .findFirst().orElseThrow();
    }
}
