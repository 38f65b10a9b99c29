package dev.jobhub.support.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolTimerFailureFilterTest {

    private static IllegalStateException raisedAt(String className, String method, String message) {
        IllegalStateException failure = new IllegalStateException(message);
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 90),
            new StackTraceElement(className, method, "SqlConnectionPool.java", 216),
            new StackTraceElement("io.vertx.core.impl.VertxImpl$InternalTimerHandler", "handle", "VertxImpl.java", 1)
        });
        return failure;
    }

    @Test
    void theLateTimerOfAPoolQueryIsCountedAndNotPassedOn() {
        PoolTimerFailureFilter filter = new PoolTimerFailureFilter();
        List<Throwable> passedOn = new ArrayList<>();

        filter.wrap(passedOn::add).handle(raisedAt(PoolTimerFailureFilter.POOL, "lambda$execute$3",
                "Result is already complete"));

        assertThat(passedOn).isEmpty();
        assertThat(filter.ignoredCount()).isEqualTo(1);
    }

    @Test
    void everyOtherFailureReachesThePreviousHandler() {
        PoolTimerFailureFilter filter = new PoolTimerFailureFilter();
        List<Throwable> passedOn = new ArrayList<>();
        var handler = filter.wrap(passedOn::add);
        Throwable elsewhere = raisedAt("dev.jobhub.api.Something", "lambda$execute$3", "Result is already complete");
        Throwable otherMessage = raisedAt(PoolTimerFailureFilter.POOL, "lambda$execute$3", "something else");
        Throwable otherType = new IllegalArgumentException("Result is already complete");

        handler.handle(elsewhere);
        handler.handle(otherMessage);
        handler.handle(otherType);

        assertThat(passedOn).containsExactly(elsewhere, otherMessage, otherType);
        assertThat(filter.ignoredCount()).isZero();
    }
}
