package dev.jobhub.worker.storage;

import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * What the worker's staged writes share (schema snapshots, document vector sets): a run writes its rows under a
 * parent row marked {@code complete = false} on a connection of its own, completes it in one transaction, and
 * deletes it if it fails. A run whose worker died leaves its incomplete row behind, deleted by age when a later run
 * starts.
 */
public final class StagedRows {

    private StagedRows() {
    }

    /**
     * Deletes the incomplete rows of {@code table} (column {@code complete}) whose {@code timeColumn} is older than
     * {@code ttl}; returns how many. Both names are this service's own constants, never input.
     */
    public static int deleteStale(DataSource dataSource, String table, String timeColumn, Duration ttl)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE NOT complete AND " + timeColumn + " < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(ttl)));
            return delete.executeUpdate();
        }
    }

    /** Returns a run's connection to the pool; a failure to close is only worth a debug line. */
    public static void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            Log.debugf("closing a connection failed: %s", e.getMessage());
        }
    }
}
