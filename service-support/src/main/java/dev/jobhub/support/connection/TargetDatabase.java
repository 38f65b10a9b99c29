package dev.jobhub.support.connection;

import dev.jobhub.support.egress.CheckedEndpoint;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.PinnedSocketFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A user's registered PostgreSQL database, with its password in the clear: held only for the time of one
 * connectivity test (api-service) or one introspection (worker-service), never logged ({@link #toString()} hides
 * the password) and never serialised.
 *
 * <p>A session is opened only on an endpoint the egress guard checked, and connects to the checked address.
 * Sessions opened here are read-only and bounded: a connect timeout, a socket timeout a little above the
 * statement timeout, and {@code statement_timeout} itself, so a slow or hostile server cannot hold a worker thread.
 */
public record TargetDatabase(String host, int port, String database, String username, String password,
        String sslMode, Duration connectTimeout, Duration statementTimeout) {

    /** Modes of libpq's {@code sslmode} that the JDBC driver understands. */
    public static final java.util.List<String> SSL_MODES =
            java.util.List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /**
     * Opens a session on the address the egress guard checked for this host and port: the driver is given the host
     * name (TLS verifies the server's certificate against it) but its socket connects to {@code endpoint}'s
     * address, so a name whose DNS answer changed since the check reaches nothing new.
     *
     * @param endpoint {@link dev.jobhub.support.egress.EgressGuard#check} of this target's host and port
     */
    public Connection open(String applicationName, CheckedEndpoint endpoint) throws SQLException {
        if (!endpoint.host().equals(host) || endpoint.port() != port
                || endpoint.purpose() != EgressPurpose.DATABASE) {
            throw new IllegalArgumentException("the checked endpoint " + endpoint + " is not this database's");
        }
        Properties properties = new Properties();
        PGProperty.SOCKET_FACTORY.set(properties, PinnedSocketFactory.class.getName());
        PGProperty.SOCKET_FACTORY_ARG.set(properties, withoutScope(endpoint.address()));
        PGProperty.USER.set(properties, username);
        PGProperty.PASSWORD.set(properties, password == null ? "" : password);
        PGProperty.SSL_MODE.set(properties, sslMode == null ? "prefer" : sslMode);
        PGProperty.CONNECT_TIMEOUT.set(properties, seconds(connectTimeout));
        PGProperty.LOGIN_TIMEOUT.set(properties, seconds(connectTimeout));
        PGProperty.SOCKET_TIMEOUT.set(properties, seconds(statementTimeout) + 10);
        PGProperty.APPLICATION_NAME.set(properties, applicationName);
        PGProperty.READ_ONLY.set(properties, true);
        PGProperty.OPTIONS.set(properties, "-c statement_timeout=" + statementTimeout.toMillis()
                + " -c default_transaction_read_only=on");
        String url = "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + urlEncode(database);
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver refused the connection URL");
        }
        return connection;
    }

    /**
     * How long an attempt to connect may take at most, as the driver counts it: the connect timeout in whole
     * seconds (connect and login timeouts are both set to it).
     */
    public Duration connectBudget() {
        return Duration.ofSeconds(seconds(connectTimeout));
    }

    private static String withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    @Override
    public String toString() {
        return "TargetDatabase[" + username + "@" + host + ":" + port + "/" + database + ", sslMode=" + sslMode + "]";
    }
}
