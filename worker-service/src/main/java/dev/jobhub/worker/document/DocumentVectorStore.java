package dev.jobhub.worker.document;

import dev.jobhub.model.JobError;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.storage.StagedRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The document vectors' tables in the worker schema. A run writes a vector set that stays incomplete while its
 * chunks arrive batch by batch, and completes it in one transaction: api-service reads vectors only through
 * {@code worker.document_search_vectors} and {@code worker.document_chunk_texts}, which see complete sets only, so a
 * document's vectors are visible all together or not at all, whatever happens to the worker in between.
 */
@ApplicationScoped
public class DocumentVectorStore {

    public static final String DOCUMENT_DELETED = "document_deleted";
    public static final String SUPERSEDED = "superseded";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final AgroalDataSource dataSource;

    public DocumentVectorStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Deletes the incomplete sets crashed runs left behind (older than {@code ttl}), anyone's; returns how many. */
    public int deleteStaleIncomplete(Duration ttl) {
        try {
            return StagedRows.deleteStale(dataSource, "worker.document_vector_sets", "created_at", ttl);
        } catch (SQLException e) {
            throw storeFailure("cannot delete stale incomplete vector sets", e);
        }
    }

    /**
     * Starts a document's new vector set, deleting the document's older incomplete ones (an earlier attempt's, whose
     * worker died); the caller adds its chunks and completes (or abandons) it.
     */
    public VectorSet begin(UUID documentId, String userId, UUID jobId, String model, int dimensions) {
        UUID id = UUID.randomUUID();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement older = connection.prepareStatement(
                    "DELETE FROM worker.document_vector_sets WHERE document_id = ? AND NOT complete");
                    PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO worker.document_vector_sets (id, document_id, user_id, job_id, model,
                                                                     dimensions, complete, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, false, ?)""")) {
                older.setObject(1, documentId);
                older.executeUpdate();
                insert.setObject(1, id);
                insert.setObject(2, documentId);
                insert.setString(3, userId);
                insert.setObject(4, jobId);
                insert.setString(5, model);
                insert.setInt(6, dimensions);
                insert.setTimestamp(7, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            return new VectorSet(id, documentId, userId, dimensions, connection);
        } catch (SQLException e) {
            StagedRows.release(connection);
            throw storeFailure("cannot start a vector set for document " + documentId, e);
        }
    }

    /** A vector set being written on a connection of its own: chunks go in by JDBC batch, one batch per call. */
    public static final class VectorSet implements AutoCloseable {

        private final UUID id;
        private final UUID documentId;
        private final String userId;
        private final int dimensions;
        private final Connection connection;
        private final PGConnection pg;
        private final PreparedStatement insert;
        private int stored;
        private boolean finished;

        VectorSet(UUID id, UUID documentId, String userId, int dimensions, Connection connection)
                throws SQLException {
            this.id = id;
            this.documentId = documentId;
            this.userId = userId;
            this.dimensions = dimensions;
            this.connection = connection;
            // the driver's own createArrayOf takes a float[] as it is: no Float boxing for 384 values per chunk
            this.pg = connection.unwrap(PGConnection.class);
            this.insert = connection.prepareStatement("""
                    INSERT INTO worker.document_chunks (set_id, chunk_index, content, char_start, char_end, embedding)
                    VALUES (?, ?, ?, ?, ?, ?)""");
        }

        public UUID id() {
            return id;
        }

        /** Chunks stored so far. */
        public int stored() {
            return stored;
        }

        /** Stores one batch of chunks with their vectors (same order, same size), in one round trip. */
        void add(List<TextChunker.Chunk> chunks, List<float[]> vectors) {
            if (chunks.size() != vectors.size()) {
                throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
            }
            try {
                for (int i = 0; i < chunks.size(); i++) {
                    TextChunker.Chunk chunk = chunks.get(i);
                    float[] vector = vectors.get(i);
                    if (vector.length != dimensions) {
                        throw new IllegalArgumentException("a vector of " + vector.length + " dimensions in a set of "
                                + dimensions);
                    }
                    insert.setObject(1, id);
                    insert.setInt(2, chunk.index());
                    insert.setString(3, chunk.text());
                    insert.setInt(4, chunk.start());
                    insert.setInt(5, chunk.end());
                    insert.setArray(6, pg.createArrayOf("float4", vector));
                    insert.addBatch();
                }
                insert.executeBatch();
                stored += chunks.size();
            } catch (SQLException e) {
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) || FOREIGN_KEY_VIOLATION.equals(
                        e.getNextException() == null ? null : e.getNextException().getSQLState())) {
                    // the set is gone: the document was deleted (with its vectors), or a newer run replaced it
                    throw new JobFailedException(vanished());
                }
                throw storeFailure("cannot store a batch of chunks of document " + documentId, e);
            }
        }

        /**
         * Makes the set the document's current one, in one transaction: the document must still exist (else the
         * set goes and the job fails with {@code document_deleted}); the document's complete set and the
         * incomplete sets older than this one are deleted, and this one marked complete.
         */
        void complete() {
            try {
                connection.setAutoCommit(false);
                JobError failure;
                try {
                    failure = completeInTransaction();
                    connection.commit();
                    finished = true;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
                if (failure != null) {
                    throw new JobFailedException(failure);
                }
            } catch (SQLException e) {
                throw storeFailure("cannot complete the vector set of document " + documentId, e);
            }
        }

        /** @return null once complete, or why the set cannot be (it is then deleted) */
        private JobError completeInTransaction() throws SQLException {
            if (!DocumentSource.exists(connection, documentId, userId)) {
                deleteSelf();
                return deleted();
            }
            try (PreparedStatement others = connection.prepareStatement("""
                    DELETE FROM worker.document_vector_sets
                     WHERE document_id = ? AND id <> ?
                       AND (complete OR created_at <= (SELECT created_at FROM worker.document_vector_sets
                                                        WHERE id = ?))""")) {
                others.setObject(1, documentId);
                others.setObject(2, id);
                others.setObject(3, id);
                others.executeUpdate();
            }
            try (PreparedStatement complete = connection.prepareStatement("""
                    UPDATE worker.document_vector_sets
                       SET complete = true, chunk_count = ?, completed_at = now()
                     WHERE id = ? AND NOT complete""")) {
                complete.setInt(1, stored);
                complete.setObject(2, id);
                if (complete.executeUpdate() == 1) {
                    return null;
                }
            }
            // the set was deleted under us: by the document's deletion (worker.document_vectors_delete), or by a
            // newer run of the same document that started after this one
            return vanished();
        }

        private JobError vanished() {
            try {
                return DocumentSource.exists(connection, documentId, userId) ? JobError.permanent(SUPERSEDED,
                        "a newer run of document " + documentId + " replaced this one") : deleted();
            } catch (SQLException e) {
                throw storeFailure("cannot read document " + documentId, e);
            }
        }

        private JobError deleted() {
            return JobError.permanent(DOCUMENT_DELETED,
                    "document " + documentId + " was deleted while it was being vectorized");
        }

        private void deleteSelf() throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM worker.document_vector_sets WHERE id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
        }

        /** Abandons an unfinished set (the run failed or was cancelled), then releases the connection. */
        @Override
        public void close() {
            try {
                if (!finished) {
                    connection.setAutoCommit(true);
                    deleteSelf();
                }
            } catch (SQLException e) {
                // invisible to searches anyway; a later run deletes it once stale
                Log.warnf("cannot delete abandoned vector set %s: %s", id, e.getMessage());
            } finally {
                try {
                    insert.close();
                } catch (SQLException e) {
                    Log.debugf("closing a statement failed: %s", e.getMessage());
                }
                StagedRows.release(connection);
            }
        }
    }

    /** A failure of the worker's own database: retryable (the job's error says which step failed, not the SQL). */
    static IllegalStateException storeFailure(String what, SQLException e) {
        return new IllegalStateException("document vectors: " + what + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
