package dev.jobhub.api.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.support.connection.CredentialCipher;
import dev.jobhub.support.connection.TargetDatabase;
import dev.jobhub.support.egress.CheckedEndpoint;
import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/connections/{id}/test}: checks the registered host with the egress guard again (its DNS may
 * have changed since it was registered, or its row since it was checked), opens the database on the checked
 * address as the worker would (read-only, bounded session), asks its version and answers what happened, in the
 * words of {@link ConnectionFailure} (never the server's own text, never the password). The JDBC work runs on a
 * worker thread, not the event loop.
 *
 * <p>A failed test answers no sooner than the connect timeout the driver was given (whole seconds): a closed port
 * refuses in a millisecond and a filtered one times out, so without that floor the answer's timing would tell
 * them apart even though the answer itself does not. The wait is a timer, not a blocked thread.
 */
@ApplicationScoped
public class ConnectionTester {

    static final String APPLICATION_NAME = "jobhub-connection-test";
    static final String CREDENTIALS_UNREADABLE = "credentials_unreadable";

    private final CredentialCipher cipher;
    private final EgressGuard egress;
    private final Duration timeout;

    public ConnectionTester(CredentialCipher cipher, EgressGuard egress,
            @ConfigProperty(name = "jobhub.connections.test-timeout") Duration timeout) {
        this.cipher = cipher;
        this.egress = egress;
        this.timeout = timeout;
    }

    /**
     * The answer: {@code code} only when it failed, {@code serverVersion} only when it worked.
     *
     * @param latencyMs how long the test took; for a failed test, including the wait up to the floor
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(boolean ok, String code, String message, long latencyMs, String serverVersion) {

        Result withLatency(long millis) {
            return new Result(ok, code, message, millis, serverVersion);
        }
    }

    public Uni<Result> test(Connection connection) {
        long began = System.nanoTime();
        TargetDatabase unopened = target(connection, null);
        return Uni.createFrom().item(() -> testBlocking(connection))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(result -> {
                    if (result.ok()) {
                        return Uni.createFrom().item(result);
                    }
                    // whole milliseconds, rounded up and one more: timers fire at millisecond grain, and a floor that
                    // a failed answer beats by a fraction of a millisecond is no floor
                    long waitNanos = unopened.connectBudget().toNanos() - (System.nanoTime() - began);
                    Duration wait = Duration.ofMillis(Math.max(0, (waitNanos + 999_999) / 1_000_000 + 1));
                    Uni<Result> answer = Uni.createFrom().item(result);
                    if (!wait.isNegative() && !wait.isZero()) {
                        answer = answer.onItem().delayIt().by(wait);
                    }
                    return answer.map(padded -> padded.withLatency(millisSince(began)));
                });
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
        TargetDatabase target = target(connection, password);
        CheckedEndpoint endpoint;
        try {
            endpoint = egress.check(target.host(), target.port(), EgressPurpose.DATABASE);
        } catch (EgressRefusedException e) {
            return failure(ConnectionFailure.refused(e), began);
        } catch (UnknownHostException e) {
            return failure(ConnectionFailure.unknownHost(target), began);
        } catch (IllegalArgumentException e) {
            // a row written before hosts were checked, or changed behind the API's back
            return failure(new ConnectionFailure(ConnectionFailure.ADDRESS_REFUSED, "the host is not a host name "
                    + "or an IP address: " + e.getMessage(), false), began);
        }
        try (java.sql.Connection session = target.open(APPLICATION_NAME, endpoint);
                Statement statement = session.createStatement();
                ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            String serverVersion = version.getString(1);
            return new Result(true, null, "connected to PostgreSQL " + serverVersion + " on " + connection.host + ":"
                    + connection.port + " as \"" + connection.username + "\"", millisSince(began), serverVersion);
        } catch (SQLException e) {
            return failure(ConnectionFailure.of(e, target), began);
        }
    }

    private static Result failure(ConnectionFailure failure, long began) {
        return new Result(false, failure.code(), failure.message(), millisSince(began), null);
    }

    private TargetDatabase target(Connection connection, String password) {
        return new TargetDatabase(connection.host, connection.port, connection.database, connection.username,
                password, connection.sslMode, capped(connection.options, "connectTimeoutMs"),
                capped(connection.options, "statementTimeoutMs"));
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
