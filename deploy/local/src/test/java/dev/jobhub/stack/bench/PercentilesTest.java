package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValues() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            // 100 ms … 1 ms, in reverse order: the percentiles must not depend on the order
            nanos[i] = (100 - i) * 1_000_000L;
        }

        Percentiles p = Percentiles.ofNanos(nanos);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p95()).isEqualTo(95.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void aSingleValueIsEveryPercentileAndNoValueIsNone() {
        assertThat(Percentiles.of(new long[] {2500}, 1000.0))
                .isEqualTo(new Percentiles(1, 2.5, 2.5, 2.5, 2.5));
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(new Percentiles(0, null, null, null, null));
    }

    @Test
    void theTailIsTheSlowValues() {
        long[] values = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 900};

        assertThat(Percentiles.rank(sorted(values), 50)).isEqualTo(1);
        assertThat(Percentiles.rank(sorted(values), 95)).isEqualTo(1);
        assertThat(Percentiles.rank(sorted(values), 99)).isEqualTo(900);
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }
}
