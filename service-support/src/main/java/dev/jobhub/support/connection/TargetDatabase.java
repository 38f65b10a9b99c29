package dev.jobhub.support.connection;

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
 * <p>Sessions opened here are read-only and bounded: a connect timeout, a socket timeout a little above the
 * statement timeout, and {@code statement_timeout} itself, so a slow or hostile server cannot hold a worker thread.
 */
public record TargetDatabase(String host, int port, String database, String username, String password,
        String sslMode, Duration connectTimeout, Duration statementTimeout) {

    /** Modes of libpq's {@code sslmode} that the JDBC driver understands. */
    public static final java.util.List<String> SSL_MODES =
            java.util.List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public Connection open(String applicationName) throws SQLException {
        Properties properties = new Properties();
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
