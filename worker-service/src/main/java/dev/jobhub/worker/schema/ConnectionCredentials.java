package dev.jobhub.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.connection.CredentialCipher;
import dev.jobhub.support.connection.CredentialCipher.CredentialUnreadableException;
import dev.jobhub.support.connection.TargetDatabase;
import dev.jobhub.worker.job.JobFailedException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * The credential path: a job's connection, read from api-service's view {@code api.connection_credentials} (the
 * only object of the api schema the worker may read) for the job's connection id <em>and owner</em>, so a job can
 * only use its own user's connection. The password is opened here with the key shared with api-service and lives
 * only in the returned {@link TargetDatabase}, for the job's duration.
 */
@ApplicationScoped
public class ConnectionCredentials {

    public static final String CONNECTION_NOT_FOUND = "connection_not_found";
    public static final String CREDENTIAL_UNREADABLE = "credential_unreadable";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(5000);
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMillis(30000);

    private static final String SELECT = """
            SELECT host, port, database_name, username, password_sealed, ssl_mode, options::text
              FROM api.connection_credentials
             WHERE id = ? AND user_id = ?""";

    private final AgroalDataSource dataSource;
    // built and checked at startup by CredentialKeyCheck (jobhub.credentials.required)
    private final Provider<CredentialCipher> cipher;

    public ConnectionCredentials(AgroalDataSource dataSource, Provider<CredentialCipher> cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /**
     * @throws JobFailedException {@code connection_not_found} if the user has no such connection (deleted, or
     *                            another user's), {@code credential_unreadable} if its password does not open
     */
    public TargetDatabase load(UUID connectionId, String userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setObject(1, connectionId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new JobFailedException(JobError.permanent(CONNECTION_NOT_FOUND,
                            "connection " + connectionId + " does not exist (or is not yours)"));
                }
                JsonNode options = JobJsonCodec.mapper().readTree(row.getString("options"));
                return new TargetDatabase(row.getString("host"), row.getInt("port"), row.getString("database_name"),
                        row.getString("username"), open(row.getString("password_sealed"), connectionId),
                        row.getString("ssl_mode"),
                        millis(options, "connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT),
                        millis(options, "statementTimeoutMs", DEFAULT_STATEMENT_TIMEOUT));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("connection " + connectionId + " has options that are not JSON");
            }
        }
    }

    /** True if the connection still exists, read on the caller's connection (inside its transaction). */
    static boolean exists(Connection connection, UUID connectionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM api.connection_credentials WHERE id = ?")) {
            select.setObject(1, connectionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private String open(String sealed, UUID connectionId) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.get().open(sealed, connectionId.toString());
        } catch (CredentialUnreadableException e) {
            throw new JobFailedException(JobError.permanent(CREDENTIAL_UNREADABLE,
                    "the password of connection " + connectionId + " cannot be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            // no key configured (the producer refuses to build the cipher): the same outcome for the job
            throw new JobFailedException(JobError.permanent(CREDENTIAL_UNREADABLE,
                    "the password of connection " + connectionId + " cannot be read: this worker has no "
                            + "credentials key (JOBHUB_CREDENTIALS_KEY)"));
        }
    }

    private static Duration millis(JsonNode options, String field, Duration fallback) {
        JsonNode value = options.get(field);
        return value != null && value.canConvertToLong() && value.asLong() > 0
                ? Duration.ofMillis(value.asLong()) : fallback;
    }
}
