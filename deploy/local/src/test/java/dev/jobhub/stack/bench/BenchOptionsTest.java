package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void runsEverythingByDefault() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.quick()).isFalse();
        assertThat(options.workloads()).containsExactly("idle", "W1", "W2", "W3", "W4", "W5", "W6", "W7");
        assertThat(options.email()).isFalse();
        assertThat(options.webhookJobs()).isEqualTo(5_000);
        assertThat(options.connectionLevels()).containsExactly(1_000, 10_000);
        assertThat(options.connectionCap()).isEqualTo(20_000);
    }

    @Test
    void quickConnectsFewerAndEmailIsAFlag() {
        BenchOptions options = BenchOptions.parse("--quick", "--email", "--only", "w5,W1");

        assertThat(options.email()).isTrue();
        assertThat(options.workloads()).containsExactly("W1", "W5");
        assertThat(options.connectionLevels()).containsExactly(200, 1_000);
        assertThat(options.connectionCap()).isEqualTo(2_000);
    }

    @Test
    void connectionLevelsAndCapAsGiven() {
        BenchOptions options = BenchOptions.parse("--connections", "500, 2_000,8000", "--connection-cap", "9000");

        assertThat(options.connectionLevels()).containsExactly(500, 2_000, 8_000);
        assertThat(options.connectionCap()).isEqualTo(9_000);
        // the default cap never stops the probe below the last level
        assertThat(BenchOptions.parse("--connections", "30000").connectionCap()).isEqualTo(30_000);
    }

    @Test
    void refusesConnectionLevelsThatCannotBeMeant() {
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "1000,500")).hasMessageContaining("ascend");
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "1k")).hasMessageContaining("not a positive");
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "0")).hasMessageContaining("not a positive");
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "1000", "--connection-cap", "500"))
                .hasMessageContaining("below the last connection level");
        assertThatThrownBy(() -> BenchOptions.parse("--connection-cap")).hasMessageContaining("needs a number");
    }

    @Test
    void emailPairsCompareTheCoreWorkloadsOrThoseNamed() {
        assertThat(BenchOptions.parse().emailPairs()).isZero();
        BenchOptions all = BenchOptions.parse("--email-pairs", "3");
        assertThat(all.emailPairs()).isEqualTo(3);
        assertThat(all.email()).isFalse();
        assertThat(all.workloads()).containsExactly("W1", "W2", "W3");
        assertThat(BenchOptions.parse("--only", "w2,w1", "--email-pairs", "2").workloads())
                .containsExactly("W1", "W2");

        assertThatThrownBy(() -> BenchOptions.parse("--email-pairs", "2", "--only", "W1,W5"))
                .hasMessageContaining("not [W5]");
        assertThatThrownBy(() -> BenchOptions.parse("--email", "--email-pairs", "2"))
                .hasMessageContaining("without --email");
        assertThatThrownBy(() -> BenchOptions.parse("--email-pairs", "0")).hasMessageContaining("not a positive");
    }

    @Test
    void onlyTheNamedWorkloadsInTheirUsualOrder() {
        BenchOptions options = BenchOptions.parse("--only", "w3,IDLE, W1", "--quick");

        assertThat(options.quick()).isTrue();
        assertThat(options.workloads()).containsExactly("idle", "W1", "W3");
        assertThat(options.runs("W2")).isFalse();
    }

    @Test
    void webhookJobsAsGivenOrFewerWhenQuick() {
        assertThat(BenchOptions.parse("--quick", "--only", "w7").webhookJobs()).isEqualTo(500);
        assertThat(BenchOptions.parse("--only", "W7").workloads()).containsExactly("W7");
        assertThat(BenchOptions.parse("--quick", "--webhook-jobs", "2000").webhookJobs()).isEqualTo(2_000);
        assertThatThrownBy(() -> BenchOptions.parse("--webhook-jobs", "0")).hasMessageContaining("not a positive");
        assertThatThrownBy(() -> BenchOptions.parse("--webhook-jobs")).hasMessageContaining("needs a number");
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
