package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final List<ProcessUsage> PROCESSES = List.of(
            new ProcessUsage("postgres", true, 2.0, 120, 40),
            new ProcessUsage("api-service", true, 3.0, 300, 310),
            new ProcessUsage("bench (client)", false, 9.0, 100, 100));

    private static WorkloadResult w2(int lost, int duplicated) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("accepted", 1000L);
        figures.put("completedSeen", 1000 - lost);
        figures.put("latencyMs", new Percentiles(1000 - lost, 12.0, 30.0, 45.5, 120.0));
        Correctness correctness = new Correctness(1000, 1000 - lost - duplicated, duplicated, duplicated, 0, lost,
                lost == 0 ? Map.of() : Map.of("queued", lost), 0, 0, List.of(), List.of());
        return new WorkloadResult("W2", "200 jobs/s", 31.5, figures, correctness,
                Map.of("eventsReceived", 3000L, "disconnects", List.of("closed 1013")), PROCESSES, 5.0);
    }

    @Test
    void theJsonCarriesEveryFigureAndTheVerdict(@TempDir Path dir) throws Exception {
        Report report = new Report("20250101-120000", true, false, Map.of("cores", 2), List.of(w2(0, 0)),
                List.of());

        Path file = report.write(dir, "20250101-120000");

        JsonNode json = JobJsonCodec.mapper().readTree(Files.readString(file));
        assertThat(file.getFileName().toString()).isEqualTo("20250101-120000.json");
        assertThat(Files.readString(dir.resolve("latest.json"))).isEqualTo(Files.readString(file));
        assertThat(json.path("correct").asBoolean()).isTrue();
        assertThat(json.path("quick").asBoolean()).isTrue();
        JsonNode workload = json.path("workloads").path(0);
        assertThat(workload.path("figures").path("latencyMs").path("p99").asDouble()).isEqualTo(45.5);
        assertThat(workload.path("correctness").path("ok").asBoolean()).isTrue();
        // the benchmark's own CPU is shown but not charged to the stack
        assertThat(workload.path("stackCpuSeconds").asDouble()).isEqualTo(5.0);
        assertThat(workload.path("processes")).hasSize(3);
        assertThat(workload.path("socket").path("disconnects").path(0).asText()).isEqualTo("closed 1013");
    }

    @Test
    void aLostOrDuplicatedJobMakesTheRunIncorrect() {
        assertThat(new Report("s", false, false, Map.of(), List.of(w2(1, 0)), List.of()).correct()).isFalse();
        assertThat(new Report("s", false, false, Map.of(), List.of(w2(0, 2)), List.of()).correct()).isFalse();
        assertThat(new Report("s", false, false, Map.of(), List.of(w2(0, 0)), List.of()).correct()).isTrue();
        assertThat(new Report("s", false, false, Map.of(), List.of(w2(0, 0)), List.of("W6: timed out")).correct())
                .isFalse();
    }

    @Test
    void theTablesShowTheHeadlineFiguresAndTheCostPerProcess() {
        Report report = new Report("s", false, false, Map.of(), List.of(w2(1, 0)), List.of());

        assertThat(report.summaryTable())
                .contains("| W2 | p50 12.0 / p95 30.0 / p99 45.5 / max 120 ms (999 of 1000 seen) | 1 / 0 | 1 |");
        assertThat(report.resourceTable())
                .contains("| CPU s (peak RSS MiB) | postgres | api-service | bench (client) | stack total |")
                .contains("| W2 | 2.0 (120) | 3.0 (300) | 9.0 (100) | 5.0 | 5.0 |");
        assertThat(report.text()).contains("NOT CORRECT");
    }

    private static WorkloadResult w6(boolean exactlyOnce) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("mailsPerSecond", 40L);
        figures.put("sentPerSecond", 41L);
        figures.put("submitToMailMs", new Percentiles(200, 2_000.0, 5_000.0, 6_000.0, 6_000.0));
        figures.put("mailsReceived", exactlyOnce ? 200L : 199L);
        figures.put("mailsExpected", 200L);
        figures.put("mailsMissing", exactlyOnce ? 0L : 1L);
        figures.put("mailsDuplicated", 0L);
        figures.put(MailLedger.EXACTLY_ONCE, exactlyOnce);
        Correctness jobs = new Correctness(200, 200, 0, 0, 0, 0, Map.of(), 0, 0, List.of(), List.of());
        return new WorkloadResult("W6", "emails", 12.0, figures, jobs, null, PROCESSES, 5.0);
    }

    @Test
    void aMissingMailMakesTheRunIncorrectAndTheEmailFlagIsInTheJson() throws Exception {
        Report report = new Report("s", true, true, Map.of(), List.of(w6(false)), List.of());

        assertThat(report.correct()).isFalse();
        assertThat(new Report("s", true, true, Map.of(), List.of(w6(true)), List.of()).correct()).isTrue();
        assertThat(JobJsonCodec.mapper().readTree(report.json()).path("email").asBoolean()).isTrue();
        assertThat(report.text()).contains("--email: every job also sent an email");
        assertThat(report.summaryTable()).contains("| W6 | 40 mails/s (first submit → last mail; notifier: 41 sent/s)"
                + ", submit → mail p50 2,000 / p95 5,000 / p99 6,000 / max 6,000 ms; 199 of 200 mails, 1 missing");
    }

    @Test
    void connectionsShowTheDelayAtEachLevelAndTheMostHeld() {
        Percentiles delay = new Percentiles(2_000, 8.0, 20.0, 35.0, 80.0);
        ProcessUsage notifier = new ProcessUsage("notification-service", true, 3.0, 410, 420);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("levels", List.of(
                new ConnectionLevel(1_000, 1_000, 2.0, 2_000, 0, 2_000, 2_000, delay, delay, delay, 0, notifier),
                new ConnectionLevel(10_000, 9_990, 20.0, 2_000, 12, 1_988, 1_987, delay, delay, delay, 0, notifier)));
        figures.put("probe", new ConnectionProbe(20_000, 15_000, "the cap", 15_001, 30.0, Map.of(), Map.of(),
                notifier, notifier, new OpenFiles(15_050, 20_000), new OpenFiles(15_400, 20_000), true));
        WorkloadResult w5 = new WorkloadResult("W5", "connections", 100.0, figures, null, null, PROCESSES, null);

        assertThat(new Report("s", false, false, Map.of(), List.of(w5), List.of()).summaryTable()).contains(
                "| W5 | 1,000 sockets: Kafka → socket p50 8.0 / p99 35.0 ms (2,000 of 2,000 seen); 9,990 sockets: "
                        + "Kafka → socket p50 8.0 / p99 35.0 ms (1,987 of 1,988 seen, 12 offers not sent); "
                        + "held 15,000 at once (cap 20,000, stopped by the cap), notifier 410 MiB and out of memory |");
    }
}
