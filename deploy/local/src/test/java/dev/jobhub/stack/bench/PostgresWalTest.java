package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresWalTest {

    @Test
    void aWorkloadsWalIsTheDifferenceOfTwoReadingsAndItsShareOfEachJob() {
        PostgresWal before = PostgresWal.parse("1000000000|200000|40\n");
        PostgresWal after = PostgresWal.parse("1250000000|230000|43");

        Map<String, Object> figures = after.since(before, 20_000);

        assertThat(figures).containsEntry("megabytes", 250.0).containsEntry("fullPageImages", 30_000L)
                .containsEntry("checkpoints", 3L).containsEntry("kilobytesPerJob", 12.5);
        assertThat(after.since(before, 0)).containsEntry("kilobytesPerJob", null);
    }

    @Test
    void anythingButPsqlsLineIsRefused() {
        assertThatThrownBy(() -> PostgresWal.parse("ERROR: relation does not exist"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResourceTableShowsTheWalOfEachWorkload() {
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put(PostgresWal.FIGURE, PostgresWal.parse("2000000|100|1").since(PostgresWal.parse("0|0|0"), 10));
        WorkloadResult w3 = new WorkloadResult("W3", "progress", 10.0, figures, null, null,
                List.of(new ProcessUsage("postgres", true, 2.0, 120, 40)), 1.0);

        assertThat(new Report("s", false, false, Map.of(), List.of(w3), List.of()).resourceTable())
                .contains("PostgreSQL WAL MB (full page images, checkpoints) |")
                .contains("| W3 | 2.0 (120) | 2.0 | 1.0 | 2.0 (100, 1) |");
    }
}
