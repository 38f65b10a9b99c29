package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenFilesTest {

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             95000                95000                processes
            Max open files            20000                1048576              files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void theSoftLimitOfOpenFiles() {
        assertThat(OpenFiles.softLimit(LIMITS)).isEqualTo(20_000);
        assertThat(OpenFiles.softLimit(LIMITS.replace("20000   ", "unlimited"))).isEqualTo(-1);
        assertThat(OpenFiles.softLimit("Limit Soft Hard\n")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasSomeOpenUnderItsLimit() {
        OpenFiles own = OpenFiles.of(ProcessHandle.current().pid());

        assertThat(own.open()).isPositive();
        assertThat(own.softLimit()).isGreaterThanOrEqualTo(own.open());
    }
}
