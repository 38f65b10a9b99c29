package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsTimesAfterACommandNameWithSpacesAndParentheses() {
        // a real line of a PostgreSQL backend, its name altered to hold ") (" as a name may
        String line = "15371 (postgres: a) (b) S 14540 14540 14540 0 -1 4194560 5021 0 0 0 1834 512 7 3 20 0 1 0 "
                + "4262 226254848 8166 18446744073709551615 1 1 0 0 0 0 4194304 19935232 1536 0 0 0 17 1 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat.pid()).isEqualTo(15371);
        assertThat(stat.parentPid()).isEqualTo(14540);
        assertThat(stat.ownTicks()).isEqualTo(1834 + 512);
        assertThat(stat.childTicks()).isEqualTo(7 + 3);
    }

    @Test
    void readsTheOwnProcessStatLine() throws Exception {
        String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(stat.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.ownTicks()).isPositive();
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.parse("no parentheses here")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsMemoryLinesInKib() {
        String status = "Name:\tjava\nVmPeak:\t 3200000 kB\nVmHWM:\t  412345 kB\nVmRSS:\t  398765 kB\nThreads:\t42\n";
        String rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:   32664 kB\nPss:    9774 kB\nPss_Dirty: 5654 kB\n";

        assertThat(ProcStat.statusKib(status, "VmHWM")).isEqualTo(412_345);
        assertThat(ProcStat.statusKib(status, "VmRSS")).isEqualTo(398_765);
        assertThat(ProcStat.statusKib(rollup, "Pss")).isEqualTo(9774);
        assertThat(ProcStat.statusKib("Name:\tzombie\n", "VmRSS")).isZero();
    }
}
