package dev.jobhub.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorFingerprintTest {

    @Test
    void idsAndNumbersDoNotSplitAGroup() {
        assertThat(ErrorFingerprint.normalise("row 17 of 6f1c2a4e-9b1d-4c8e-8f00-0123456789ab failed at 0x7ffe12 (deadbeef42)"))
                .isEqualTo("row # of # failed at # (#)");
        assertThat(ErrorFingerprint.of("timeout after 3000 ms on node 12", "timeout", "sleep"))
                .isEqualTo(ErrorFingerprint.of("timeout after 45 ms on node 7", "timeout", "sleep"));
    }

    @Test
    void wordsCodeAndJobTypeDo() {
        String base = ErrorFingerprint.of("failed at step 1", "handler_error", "sleep");
        assertThat(base).hasSize(32);
        assertThat(ErrorFingerprint.of("crashed at step 1", "handler_error", "sleep")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of("failed at step 1", "timeout", "sleep")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of("failed at step 1", "handler_error", "vectorize")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.normalise("accessed the decade")).isEqualTo("accessed the decade");
    }
}
