package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void runsEverythingByDefault() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.quick()).isFalse();
        assertThat(options.workloads()).containsExactly("idle", "W1", "W2", "W3", "W4");
    }

    @Test
    void onlyTheNamedWorkloadsInTheirUsualOrder() {
        BenchOptions options = BenchOptions.parse("--only", "w3,IDLE, W1", "--quick");

        assertThat(options.quick()).isTrue();
        assertThat(options.workloads()).containsExactly("idle", "W1", "W3");
        assertThat(options.runs("W2")).isFalse();
    }

    @Test
    void theFaultRunRunsAlone() {
        BenchOptions options = BenchOptions.parse("--faults");

        assertThat(options.faults()).isTrue();
        assertThat(options.workloads()).isEmpty();
        assertThat(BenchOptions.parse().faults()).isFalse();
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> BenchOptions.parse("--only", "W9")).hasMessageContaining("unknown workload 'W9'");
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessageContaining("unknown argument '--fast'");
        assertThatThrownBy(() -> BenchOptions.parse("--only")).hasMessageContaining("needs a list");
    }

    @Test
    void readsTheJobIdsOfSingleAndBatchAnswers() {
        assertThat(BenchClient.jobIds("{\"jobId\":\"a\",\"state\":\"queued\",\"position\":3}")).containsExactly("a");
        assertThat(BenchClient.jobIds("{\"jobs\":[{\"jobId\":\"a\",\"state\":\"queued\"},{\"jobId\":\"b\"}]}"))
                .containsExactly("a", "b");
    }
}
