package dev.jobhub.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void refusedAndLostConnectionsCount() {
        assertThat(DatabaseUnavailable.isCause(new RuntimeException("wrapped",
                new ConnectException("Connection refused: localhost/127.0.0.1:55432")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("x", new ClosedConnectionException())))
                .isTrue();
    }

    @Test
    void otherFailuresDoNot() {
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("boom"))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException("ERROR: duplicate key value (23505)"))).isFalse();
    }

    /** Stands in for the reactive client's exception of the same simple name. */
    private static final class ClosedConnectionException extends RuntimeException {
    }
}
