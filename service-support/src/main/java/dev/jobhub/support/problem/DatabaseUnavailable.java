package dev.jobhub.support.problem;

import java.net.ConnectException;
import java.util.regex.Pattern;

/**
 * Tells a failure caused by the platform's own PostgreSQL being away (restarting, shutting down, unreachable) from
 * any other error, so that it is answered as what it is: a 503 to retry shortly, not a 500. Recognised anywhere in
 * the cause chain:
 * <ul>
 * <li>the server's own refusals while it starts or stops: SQLSTATE class 57P (57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now) and class 08 (connection exceptions), as the reactive client reports them in
 * its message, e.g. {@code FATAL: the database system is starting up (57P03)};</li>
 * <li>a refused connection, and a connection closed under a running statement.</li>
 * </ul>
 * Matched by class name and message, so that this module needs no dependency on the reactive client.
 */
public final class DatabaseUnavailable {

    private static final Pattern SQLSTATE = Pattern.compile("\\((57P0\\d|08\\w{3})\\)\\s*$");
    private static final String PG_EXCEPTION = "io.vertx.pgclient.PgException";
    private static final String CLOSED_CONNECTION = "ClosedConnectionException";

    private DatabaseUnavailable() {
    }

    public static boolean isCause(Throwable failure) {
        return Causes.anyMatch(failure, t -> t instanceof ConnectException
                || t.getClass().getSimpleName().equals(CLOSED_CONNECTION)
                || (t.getClass().getName().equals(PG_EXCEPTION) && t.getMessage() != null
                        && SQLSTATE.matcher(t.getMessage()).find()));
    }
}
