package dev.jobhub.worker.schema;

import dev.jobhub.model.JobError;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.storage.StagedRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The schema cache's tables in the worker schema. A run stages its snapshot ({@code complete = false}), appends
 * each table's definition as soon as it is built, and finishes in one transaction: readers (api-service, through
 * {@code worker.schema_cache_*}) only ever see complete snapshots.
 */
@ApplicationScoped
public class SchemaSnapshotStore {

    public static final String CONNECTION_DELETED = "connection_deleted";

    private final AgroalDataSource dataSource;

    public SchemaSnapshotStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Deletes the staged snapshots a crashed run left behind (older than {@code ttl}); returns how many. */
    public int deleteStaleStaged(Duration ttl) {
        try {
            return StagedRows.deleteStale(dataSource, "worker.schema_snapshots", "generated_at", ttl);
        } catch (SQLException e) {
            throw storeFailure("cannot delete stale staged snapshots", e);
        }
    }

    /** Stages a new snapshot; the caller appends its tables and finishes (or abandons) it. */
    public StagedSnapshot stage(SchemaSelection selection, String userId, UUID jobId, Instant generatedAt,
            List<String> schemaNames) {
        UUID id = UUID.randomUUID();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO worker.schema_snapshots (id, connection_id, user_id, job_id, scope, selection,
                                                         generated_at, schema_names, complete)
                    VALUES (?, ?, ?, ?, ?, ?::json, ?, ?, false)""")) {
                insert.setObject(1, id);
                insert.setObject(2, selection.connectionId());
                insert.setString(3, userId);
                insert.setObject(4, jobId);
                insert.setString(5, selection.scope());
                insert.setString(6, selection.full() ? null : selection.selectionJson().toString());
                insert.setTimestamp(7, Timestamp.from(generatedAt));
                insert.setArray(8, connection.createArrayOf("text", schemaNames.toArray()));
                insert.executeUpdate();
            }
            return new StagedSnapshot(id, selection, generatedAt, schemaNames, connection);
        } catch (SQLException e) {
            StagedRows.release(connection);
            throw storeFailure("cannot stage a snapshot", e);
        }
    }

    /** A snapshot being written: its tables go in by JDBC batch, its fingerprint grows with them. */
    public static final class StagedSnapshot implements AutoCloseable {

        private final UUID id;
        private final SchemaSelection selection;
        private final Instant generatedAt;
        private final List<String> schemaNames;
        private final Connection connection;
        private final PreparedStatement insert;
        private final MessageDigest fingerprint;
        private int position;
        private int pending;
        private long columns;
        private long indexes;
        private long foreignKeys;
        private boolean finished;

        StagedSnapshot(UUID id, SchemaSelection selection, Instant generatedAt, List<String> schemaNames,
                Connection connection) throws SQLException {
            this.id = id;
            this.selection = selection;
            this.generatedAt = generatedAt;
            this.schemaNames = List.copyOf(schemaNames);
            this.connection = connection;
            this.insert = connection.prepareStatement("""
                    INSERT INTO worker.schema_snapshot_tables (snapshot_id, position, schema_name, definition)
                    VALUES (?, ?, ?, ?::json)""");
            try {
                this.fingerprint = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            // the schema names first (a schema without tables is part of the snapshot too), then every table
            for (String schema : schemaNames) {
                update(schema + "\n");
            }
        }

        public UUID id() {
            return id;
        }

        /** Queues one table; it reaches the database at the next {@link #flush()}. */
        public void add(TableDefinition table) {
            String definition = table.json(selection.include());
            // the schema name is hashed with each table: the same table moved to another schema is a change
            update(table.schema() + "\t" + definition + "\n");
            try {
                insert.setObject(1, id);
                insert.setInt(2, ++position);
                insert.setString(3, table.schema());
                insert.setString(4, definition);
                insert.addBatch();
            } catch (SQLException e) {
                throw storeFailure("cannot store table " + table.schema() + "." + table.name(), e);
            }
            pending++;
            if (selection.include().columns()) {
                columns += table.columns().size();
            }
            if (selection.include().indexes()) {
                indexes += table.indexes().size();
            }
            if (selection.include().foreignKeys()) {
                foreignKeys += table.foreignKeys().size();
            }
        }

        /** Writes the queued tables (one JDBC batch). */
        public void flush() {
            if (pending == 0) {
                return;
            }
            try {
                insert.executeBatch();
                pending = 0;
            } catch (SQLException e) {
                throw storeFailure("cannot store a batch of tables", e);
            }
        }

        /**
         * Makes the snapshot the connection's current one, in one transaction: unless the connection was deleted
         * meanwhile ({@code connection_deleted}, the staged snapshot goes), or a rebuild without force finds the
         * latest complete snapshot identical (that one stays, this one goes, the outcome says unchanged).
         */
        public Outcome finish(boolean detectUnchanged) {
            flush();
            String hex = HexFormat.of().formatHex(fingerprint.digest());
            try {
                connection.setAutoCommit(false);
                try {
                    Outcome outcome = finishInTransaction(hex, detectUnchanged);
                    connection.commit();
                    finished = true;
                    if (outcome == null) {
                        throw new JobFailedException(JobError.permanent(CONNECTION_DELETED,
                                "connection " + selection.connectionId() + " was deleted while its schema was read"));
                    }
                    return outcome;
                } catch (SQLException | RuntimeException e) {
                    if (!finished) {
                        connection.rollback();
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw storeFailure("cannot complete snapshot " + id, e);
            }
        }

        /** @return the outcome, or null if the connection is gone (the staged snapshot is then deleted) */
        private Outcome finishInTransaction(String hex, boolean detectUnchanged) throws SQLException {
            if (!ConnectionCredentials.exists(connection, selection.connectionId())) {
                deleteSelf();
                return null;
            }
            if (detectUnchanged) {
                try (PreparedStatement latest = connection.prepareStatement("""
                        SELECT generated_at, fingerprint FROM worker.schema_snapshots
                         WHERE connection_id = ? AND complete AND scope = 'full'
                         ORDER BY generated_at DESC LIMIT 1""")) {
                    latest.setObject(1, selection.connectionId());
                    try (ResultSet row = latest.executeQuery()) {
                        if (row.next() && hex.equals(row.getString(2))) {
                            Instant existing = row.getTimestamp(1).toInstant();
                            deleteSelf();
                            return new Outcome(hex, existing, true, position, columns, indexes, foreignKeys,
                                    schemaNames.size());
                        }
                    }
                }
            }
            try (PreparedStatement complete = connection.prepareStatement("""
                    UPDATE worker.schema_snapshots
                       SET complete = true, fingerprint = ?, table_count = ?, column_count = ?, index_count = ?,
                           foreign_key_count = ?
                     WHERE id = ? AND NOT complete""")) {
                complete.setString(1, hex);
                complete.setInt(2, position);
                complete.setLong(3, columns);
                complete.setLong(4, indexes);
                complete.setLong(5, foreignKeys);
                complete.setObject(6, id);
                if (complete.executeUpdate() == 0) {
                    // the cache was deleted under us (DELETE .../schema-cache, or the connection's deletion)
                    return null;
                }
            }
            try (PreparedStatement older = connection.prepareStatement("""
                    DELETE FROM worker.schema_snapshots
                     WHERE connection_id = ? AND id <> ? AND (complete OR generated_at < ?)""")) {
                older.setObject(1, selection.connectionId());
                older.setObject(2, id);
                older.setTimestamp(3, Timestamp.from(generatedAt));
                older.executeUpdate();
            }
            return new Outcome(hex, generatedAt, false, position, columns, indexes, foreignKeys, schemaNames.size());
        }

        private void deleteSelf() throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM worker.schema_snapshots WHERE id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
        }

        private void update(String text) {
            fingerprint.update(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Abandons an unfinished snapshot (the run failed or was cancelled), then releases the connection. */
        @Override
        public void close() {
            try {
                if (!finished) {
                    connection.setAutoCommit(true);
                    deleteSelf();
                }
            } catch (SQLException e) {
                // a later run deletes it once stale
                Log.warnf("cannot delete abandoned snapshot %s: %s", id, e.getMessage());
            } finally {
                StagedRows.release(connection);
            }
        }
    }

    /**
     * How a run ended in the store.
     *
     * @param generatedAt the time of the snapshot now current (the existing one's if unchanged)
     */
    public record Outcome(String fingerprint, Instant generatedAt, boolean unchanged, int tables, long columns,
            long indexes, long foreignKeys, int schemas) {
    }

    /** A failure of the worker's own database: retryable, and distinct from the target's SQLExceptions. */
    static IllegalStateException storeFailure(String what, SQLException e) {
        return new IllegalStateException("schema cache: " + what + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
