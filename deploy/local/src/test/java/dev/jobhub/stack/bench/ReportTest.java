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
        Report report = new Report("20250101-120000", true, Map.of("cores", 2), List.of(w2(0, 0)));

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
        assertThat(new Report("s", false, Map.of(), List.of(w2(1, 0))).correct()).isFalse();
        assertThat(new Report("s", false, Map.of(), List.of(w2(0, 2))).correct()).isFalse();
        assertThat(new Report("s", false, Map.of(), List.of(w2(0, 0))).correct()).isTrue();
    }

    @Test
    void theTablesShowTheHeadlineFiguresAndTheCostPerProcess() {
        Report report = new Report("s", false, Map.of(), List.of(w2(1, 0)));

        assertThat(report.summaryTable())
                .contains("| W2 | p50 12.0 / p95 30.0 / p99 45.5 / max 120 ms (999 of 1000 seen) | 1 / 0 | 1 |");
        assertThat(report.resourceTable())
                .contains("| CPU s (peak RSS MiB) | postgres | api-service | bench (client) | stack total |")
                .contains("| W2 | 2.0 (120) | 3.0 (300) | 9.0 (100) | 5.0 | 5.0 |");
        assertThat(report.text()).contains("NOT CORRECT");
    }
}
