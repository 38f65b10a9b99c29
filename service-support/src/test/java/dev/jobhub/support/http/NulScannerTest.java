package dev.jobhub.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.support.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NulScannerTest {

    private static final String NUL_ESCAPE = "\\" + "u0000";

    @Test
    void findsAnEscapedOrRawNulButNotAnEscapedBackslashBeforeU0000() {
        assertThat(NulScanner.containsNul("{\"a\":\"x" + NUL_ESCAPE + "y\"}")).isTrue();
        assertThat(NulScanner.containsNul("{\"" + NUL_ESCAPE + "\":1}")).isTrue();
        assertThat(NulScanner.containsNul("{\"a\":\"x\0\"}")).isTrue();
        assertThat(NulScanner.containsNul("{\"a\":\"\\\\u0000\"}")).as("an escaped backslash, then text").isFalse();
        assertThat(NulScanner.containsNul("{\"a\":\"\\\\\\" + "u0000\"}")).as("an escaped backslash, then NUL").isTrue();
        assertThat(NulScanner.containsNul("{\"a\":\"\\" + "u0001 \\" + "u00000\"}")).as("U+0001, then U+0000")
                .isTrue();
        assertThat(NulScanner.containsNul("{\"a\":\"\\" + "u0010\\" + "u1000\"}")).isFalse();
    }

    @Test
    void theGuardedStreamCountsWhatItReadsWhateverTheFraming() throws IOException {
        byte[] body = ("{\"a\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (InputStream within = new GuardedJsonStream(new ByteArrayInputStream(body), body.length)) {
            assertThat(within.readAllBytes()).isEqualTo(body);
        }
        InputStream over = new GuardedJsonStream(new ByteArrayInputStream(body), body.length - 1);
        assertThatThrownBy(over::readAllBytes).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(413));
        InputStream withNul = new GuardedJsonStream(new ByteArrayInputStream(
                ("{\"a\":\"" + NUL_ESCAPE + "\"}").getBytes(StandardCharsets.UTF_8)), 1000);
        assertThatThrownBy(withNul::readAllBytes).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(400));
    }
}
