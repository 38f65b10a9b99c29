package dev.jobhub.worker.fence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The durable record of the attempts taken by any worker ({@code worker.attempt_fences}, migration V003): a command
 * whose attempt is in it has started (or finished) somewhere and must not run again. Each call is one statement
 * for a whole batch of commands, over arrays ({@code unnest}), so its cost does not grow with the batch. Blocking
 * JDBC: call it from the intake's own threads, never from an event loop.
 */
@ApplicationScoped
public class AttemptFences {

    private final AgroalDataSource dataSource;

    public AttemptFences(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Of these attempts, those already taken. */
    public Set<AttemptKey> taken(Collection<AttemptKey> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT f.job_id, f.attempt
                        FROM worker.attempt_fences f
                        JOIN unnest(?::uuid[], ?::int[]) AS k(job_id, attempt)
                          ON f.job_id = k.job_id AND f.attempt = k.attempt
                        """)) {
            bindKeys(connection, select, 1, attempts);
            return keys(select);
        }
    }

    /**
     * Takes these attempts for {@code workerId}. Returns those this call took: an attempt missing from the answer
     * was taken by another worker first (or is a duplicate within {@code attempts}), and must not run here.
     */
    public Set<AttemptKey> take(Collection<AttemptKey> attempts, String workerId) throws SQLException {
        if (attempts.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO worker.attempt_fences (job_id, attempt, worker_id)
                        SELECT DISTINCT k.job_id, k.attempt, ? FROM unnest(?::uuid[], ?::int[]) AS k(job_id, attempt)
                        ON CONFLICT DO NOTHING
                        RETURNING job_id, attempt
                        """)) {
            insert.setString(1, workerId);
            bindKeys(connection, insert, 2, attempts);
            return keys(insert);
        }
    }

    /** Deletes at most {@code limit} fences taken before {@code cutoff}, oldest first; returns how many. */
    public int deleteTakenBefore(Instant cutoff, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM worker.attempt_fences
                        WHERE (job_id, attempt) IN (
                            SELECT job_id, attempt FROM worker.attempt_fences
                            WHERE taken_at < ? ORDER BY taken_at LIMIT ?)
                        """)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    private static void bindKeys(Connection connection, PreparedStatement statement, int first,
            Collection<AttemptKey> attempts) throws SQLException {
        UUID[] jobIds = new UUID[attempts.size()];
        Integer[] numbers = new Integer[attempts.size()];
        int i = 0;
        for (AttemptKey attempt : attempts) {
            jobIds[i] = attempt.jobId();
            numbers[i++] = attempt.attempt();
        }
        Array jobIdArray = connection.createArrayOf("uuid", jobIds);
        Array numberArray = connection.createArrayOf("int4", numbers);
        statement.setArray(first, jobIdArray);
        statement.setArray(first + 1, numberArray);
    }

    private static Set<AttemptKey> keys(PreparedStatement statement) throws SQLException {
        Set<AttemptKey> keys = new HashSet<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                keys.add(new AttemptKey(rows.getObject(1, UUID.class), rows.getInt(2)));
            }
        }
        return keys;
    }
}
