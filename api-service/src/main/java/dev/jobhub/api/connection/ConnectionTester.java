package dev.jobhub.api.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.support.connection.CredentialCipher;
import dev.jobhub.support.connection.TargetDatabase;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/connections/{id}/test}: opens the registered database as the worker would (read-only, bounded
 * session), asks its version and answers what happened, in the words of {@link ConnectionFailure} (never the
 * server's own text, never the password). The JDBC work runs on a worker thread, not the event loop.
 */
@ApplicationScoped
public class ConnectionTester {

    static final String APPLICATION_NAME = "jobhub-connection-test";
    static final String CREDENTIALS_UNREADABLE = "credentials_unreadable";

    private final CredentialCipher cipher;
    private final Duration timeout;

    public ConnectionTester(CredentialCipher cipher,
            @ConfigProperty(name = "jobhub.connections.test-timeout") Duration timeout) {
        this.cipher = cipher;
        this.timeout = timeout;
    }

    /** The answer: {@code code} only when it failed, {@code serverVersion} only when it worked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(boolean ok, String code, String message, long latencyMs, String serverVersion) {
    }

    public Uni<Result> test(Connection connection) {
        return Uni.createFrom().item(() -> testBlocking(connection))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Result testBlocking(Connection connection) {
        long began = System.nanoTime();
        String password;
        try {
            password = connection.passwordSealed == null ? null
                    : cipher.open(connection.passwordSealed, connection.id.toString());
        } catch (CredentialCipher.CredentialUnreadableException e) {
            return new Result(false, CREDENTIALS_UNREADABLE, e.getMessage(), 0, null);
        }
        TargetDatabase target = new TargetDatabase(connection.host, connection.port, connection.database,
                connection.username, password, connection.sslMode, capped(connection.options, "connectTimeoutMs"),
                capped(connection.options, "statementTimeoutMs"));
        try (java.sql.Connection session = target.open(APPLICATION_NAME);
                Statement statement = session.createStatement();
                ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            String serverVersion = version.getString(1);
            return new Result(true, null, "connected to PostgreSQL " + serverVersion + " on " + connection.host + ":"
                    + connection.port + " as \"" + connection.username + "\"", millisSince(began), serverVersion);
        } catch (SQLException e) {
            ConnectionFailure failure = ConnectionFailure.of(e, target);
            return new Result(false, failure.code(), failure.message(), millisSince(began), null);
        }
    }

    /** The connection's own timeout, but never longer than a test may take. */
    private Duration capped(JsonNode options, String option) {
        JsonNode millis = options == null ? null : options.get(option);
        if (millis == null || !millis.canConvertToLong()) {
            return timeout;
        }
        Duration own = Duration.ofMillis(millis.asLong());
        return own.compareTo(timeout) < 0 ? own : timeout;
    }

    private static long millisSince(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }
}
