package dev.jobhub.support.connection;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * What went wrong talking to a registered database, as a stable code and a message for people. The message is
 * built here from the code and the target's address, never copied from the driver: a server's message is not
 * ours to pass on, and none of ours carries a password.
 *
 * @param code      {@code unreachable}, {@code auth_failed}, {@code database_not_found}, {@code permission_denied},
 *                  {@code statement_timeout}, {@code ssl_error} or {@code connection_error}
 * @param message   what failed, for the user
 * @param retryable true if the same attempt may succeed later (the server unreachable, a timeout)
 */
public record ConnectionFailure(String code, String message, boolean retryable) {

    public static final String UNREACHABLE = "unreachable";
    public static final String AUTH_FAILED = "auth_failed";
    public static final String DATABASE_NOT_FOUND = "database_not_found";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String STATEMENT_TIMEOUT = "statement_timeout";
    public static final String SSL_ERROR = "ssl_error";
    public static final String CONNECTION_ERROR = "connection_error";

    public static ConnectionFailure of(SQLException e, TargetDatabase target) {
        String address = target.host() + ":" + target.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return new ConnectionFailure(AUTH_FAILED, "authentication failed for user \"" + target.username()
                    + "\" on " + address + " (wrong password, or no pg_hba.conf entry lets this user in)", false);
        }
        if (state.equals("3D000")) {
            return new ConnectionFailure(DATABASE_NOT_FOUND, "database \"" + target.database()
                    + "\" does not exist on " + address, false);
        }
        if (state.equals("42501")) {
            return new ConnectionFailure(PERMISSION_DENIED, "user \"" + target.username()
                    + "\" lacks a privilege the introspection needs on " + address + " (CONNECT or USAGE)", false);
        }
        if (state.equals("57014")) {
            return new ConnectionFailure(STATEMENT_TIMEOUT, "a catalog query on " + address + " ran over the "
                    + target.statementTimeout().toMillis() + " ms statement timeout", true);
        }
        Throwable cause = rootCause(e);
        if (cause instanceof UnknownHostException) {
            return new ConnectionFailure(UNREACHABLE, "host \"" + target.host() + "\" is unknown", true);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || state.equals("08001") || state.equals("08004")) {
            return new ConnectionFailure(UNREACHABLE, "no PostgreSQL server answers on " + address
                    + " (refused or unreachable)", true);
        }
        if (cause instanceof SocketTimeoutException) {
            return new ConnectionFailure(UNREACHABLE, address + " did not answer within "
                    + target.connectTimeout().toMillis() + " ms", true);
        }
        if (cause instanceof SSLException) {
            return new ConnectionFailure(SSL_ERROR, "TLS with " + address + " failed (sslMode "
                    + target.sslMode() + ")", false);
        }
        if (state.startsWith("08")) {
            return new ConnectionFailure(UNREACHABLE, "the connection to " + address + " failed or broke", true);
        }
        return new ConnectionFailure(CONNECTION_ERROR, "PostgreSQL on " + address + " answered with SQLSTATE "
                + (state.isEmpty() ? "unknown" : state), true);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
