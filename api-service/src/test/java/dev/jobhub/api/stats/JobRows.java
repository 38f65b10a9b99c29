package dev.jobhub.api.stats;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.testing.SharedInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Job rows written straight into {@code api.jobs} with SQL, in any state and at any time in the past, for tests
 * of statistics, retention and failure groups; and plain SQL against the test database.
 */
public final class JobRows {

    private static final String INSERT = """
            INSERT INTO api.jobs (id, user_id, type, state, priority, payload, error, attempt, max_attempts,
                                  last_sequence, created_at, updated_at, started_at, finished_at, error_fingerprint)
            VALUES (?, ?, ?, ?, ?, '{"steps":1,"stepMillis":1}'::jsonb, ?::jsonb, 1, 3, 2, ?, ?, ?, ?, ?)
            """;

    private final String userId;
    private final String state;
    private String type = "sleep";
    private String priority = "normal";
    private Instant createdAt = Instant.now();
    private Instant updatedAt;
    private Instant startedAt;
    private Instant finishedAt;
    private String fingerprint;
    private String errorCode;
    private String errorMessage;

    private JobRows(String userId, String state) {
        this.userId = userId;
        this.state = state;
    }

    /** A job of {@code userId} in {@code state} (wire name), created now, type sleep, priority normal. */
    public static JobRows job(String userId, String state) {
        return new JobRows(userId, state);
    }

    /** A job that ran for {@code duration} and finished at {@code finishedAt} in {@code state}. */
    public static JobRows finished(String userId, String state, Instant finishedAt, Duration duration) {
        return job(userId, state).created(finishedAt.minus(duration).minusSeconds(1))
                .ran(finishedAt.minus(duration), finishedAt);
    }

    public JobRows type(String value) {
        type = value;
        return this;
    }

    public JobRows priority(String value) {
        priority = value;
        return this;
    }

    public JobRows created(Instant value) {
        createdAt = value;
        return this;
    }

    public JobRows updated(Instant value) {
        updatedAt = value;
        return this;
    }

    public JobRows ran(Instant started, Instant finished) {
        startedAt = started;
        finishedAt = finished;
        return this;
    }

    public JobRows failure(String fingerprintValue, String code, String message) {
        fingerprint = fingerprintValue;
        errorCode = code;
        errorMessage = message;
        return this;
    }

    public UUID insert() {
        UUID id = UUID.randomUUID();
        String error = errorCode == null ? null
                : "{\"code\":\"" + errorCode + "\",\"message\":\"" + errorMessage + "\"}";
        Instant updated = updatedAt != null ? updatedAt : finishedAt != null ? finishedAt : createdAt;
        update(INSERT, id, userId, type, state, priority, error, createdAt, updated, startedAt, finishedAt,
                fingerprint);
        return id;
    }

    /** Runs an INSERT, UPDATE or DELETE; Instants are bound as timestamptz. @return the rows it changed */
    public static int update(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query (null if none). */
    public static Object value(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... params) {
        return ((Number) value(sql, params)).longValue();
    }

    public static Instant instant(String sql, Object... params) {
        Object value = value(sql, params);
        return value == null ? null : ((java.sql.Timestamp) value).toInstant();
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(SharedInfra.get().jdbcUrl(), PlatformServices.DB_USER,
                PlatformServices.DB_PASSWORD);
    }

    public static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            statement.setObject(i + 1, param instanceof Instant instant
                    ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : param);
        }
        return statement;
    }

    /** A user name no other test uses, so counts over "their" jobs are exact. */
    public static String uniqueUser(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
