package dev.jobhub.support.connection;

import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.support.problem.Causes;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What went wrong talking to a registered database, as a stable code and a message for people. The message is
 * built here from the code and the target's address, never copied from the driver: a server's message is not
 * ours to pass on, and none of ours carries a password.
 *
 * <p>A dial that reached no PostgreSQL server says only that, in one message, whether the port was closed,
 * filtered, silent or held by something else: which of these it was tells the user nothing to act on, but tells
 * whoever maps the network behind the platform what is there. Codes that need a PostgreSQL server's answer
 * ({@code auth_failed}, {@code database_not_found}, ...) stay distinct: the user can act on each.
 *
 * @param code      {@code unreachable}, {@code address_refused}, {@code auth_failed}, {@code database_not_found},
 *                  {@code permission_denied}, {@code statement_timeout}, {@code ssl_error} or
 *                  {@code connection_error}
 * @param message   what failed, for the user
 * @param retryable true if the same attempt may succeed later (the server unreachable, a timeout)
 */
public record ConnectionFailure(String code, String message, boolean retryable) {

    public static final String UNREACHABLE = "unreachable";
    public static final String ADDRESS_REFUSED = EgressRefusedException.CODE;
    public static final String AUTH_FAILED = "auth_failed";
    public static final String DATABASE_NOT_FOUND = "database_not_found";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String STATEMENT_TIMEOUT = "statement_timeout";
    public static final String SSL_ERROR = "ssl_error";
    public static final String CONNECTION_ERROR = "connection_error";

    /** The egress guard refused the target's host: nothing was dialled. */
    public static ConnectionFailure refused(EgressRefusedException e) {
        return new ConnectionFailure(ADDRESS_REFUSED, e.getMessage(), false);
    }

    /** The target's host name does not resolve: nothing was dialled. */
    public static ConnectionFailure unknownHost(TargetDatabase target) {
        return new ConnectionFailure(UNREACHABLE, "host \"" + target.host() + "\" does not resolve", true);
    }

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
            return unknownHost(target);
        }
        // only a server that speaks TLS like PostgreSQL gets as far as presenting a certificate
        if (hasCause(e, CertificateException.class) || hasCause(e, SSLPeerUnverifiedException.class)) {
            return new ConnectionFailure(SSL_ERROR, "the TLS certificate of " + address
                    + " did not verify (sslMode " + target.sslMode() + ")", false);
        }
        if (state.startsWith("08") || state.isEmpty() || cause instanceof IOException) {
            return unreachable(target);
        }
        return new ConnectionFailure(CONNECTION_ERROR, "PostgreSQL on " + address + " answered with SQLSTATE "
                + state, true);
    }

    /** One answer for a closed port, a filtered one, a silent one and one held by something else than PostgreSQL. */
    static ConnectionFailure unreachable(TargetDatabase target) {
        return new ConnectionFailure(UNREACHABLE, "no PostgreSQL server could be reached on " + target.host() + ":"
                + target.port() + " within " + target.connectBudget().toSeconds()
                + " s (nothing answers there, a firewall drops the connection, or it is not PostgreSQL)", true);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return Causes.anyMatch(e, type::isInstance);
    }

    private static Throwable rootCause(Throwable e) {
        return Causes.root(e);
    }
}
