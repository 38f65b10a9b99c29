package dev.jobhub.support.vertx;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one known failure of the reactive PostgreSQL client out of the error log. When a query on the pool cannot get
 * a connection (the database is unreachable), the client answers the caller with that error at once but leaves the
 * pool's connection-timeout timer armed; when the timer fires it fails the same, already answered, result again and
 * Vert.x reports {@code IllegalStateException: Result is already complete} as uncaught (vertx-sql-client#1706, in
 * {@code SqlConnectionPool.execute}, present in the 4.5 line this Quarkus ships). No caller is affected: each got its
 * answer (a 503 at the REST edge). The fix belongs upstream; until it lands these reports are counted and logged as
 * one warning a minute at most, and every other uncaught failure goes to the handler that was there before.
 */
@ApplicationScoped
public class PoolTimerFailureFilter {

    static final String POOL = "io.vertx.sqlclient.impl.pool.SqlConnectionPool";
    private static final long REPORT_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);

    void install(@Observes StartupEvent event, Vertx vertx) {
        vertx.exceptionHandler(wrap(vertx.exceptionHandler()));
    }

    Handler<Throwable> wrap(Handler<Throwable> previous) {
        return failure -> {
            if (isLatePoolTimeout(failure)) {
                ignored(System.nanoTime());
            } else if (previous != null) {
                previous.handle(failure);
            } else {
                Log.error("uncaught failure on a Vert.x thread", failure);
            }
        };
    }

    /** The second completion of a pool query's result by its connection-timeout timer. */
    static boolean isLatePoolTimeout(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (POOL.equals(frame.getClassName()) && frame.getMethodName().startsWith("lambda$execute")) {
                return true;
            }
        }
        return false;
    }

    long ignoredCount() {
        return ignored.get();
    }

    private void ignored(long now) {
        long count = ignored.incrementAndGet();
        long last = lastReport.get();
        if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            Log.warnf("%d late connection timeouts of queries that could not reach the database were ignored so far "
                    + "(vertx-sql-client#1706: each query had already been answered with its connection error)",
                    count);
        }
    }
}
