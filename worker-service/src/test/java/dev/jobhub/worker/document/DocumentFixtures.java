package dev.jobhub.worker.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.embedding.Vectors;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.jobtype.VectorizeJobType;
import dev.jobhub.worker.job.JobCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Uploaded documents for the worker's document tests, stored as api-service stores them: its tables
 * {@code api.documents} and {@code api.document_files} and the view {@code api.document_sources}, created from
 * api-service's own migration V009 (the part before its trigger, which needs api.jobs and api.outbox: the worker
 * never sees them), once per test JVM.
 */
final class DocumentFixtures {

    static final String OWNER = "alice";
    static final String OTHER_USER = "mallory";

    private static boolean apiSchemaReady;

    private DocumentFixtures() {
    }

    static synchronized void ensureApiSchema(DataSource dataSource) {
        if (apiSchemaReady) {
            return;
        }
        Path migration = Path.of(System.getProperty("jobhub.project.root", ".."))
                .resolve("api-service/src/main/resources/db/migration/V009__documents.sql");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            try (ResultSet exists = sql.executeQuery("SELECT to_regclass('api.document_sources') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    String script = Files.readString(migration);
                    int trigger = script.indexOf("CREATE FUNCTION documents_follow_job");
                    if (trigger < 0) {
                        throw new IllegalStateException(migration + " no longer has the trigger function");
                    }
                    sql.execute("CREATE SCHEMA IF NOT EXISTS api; SET search_path = api;\n"
                            + script.substring(0, trigger));
                }
            } finally {
                sql.execute("RESET search_path");
            }
            apiSchemaReady = true;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create the api documents from " + migration, e);
        }
    }

    /** Stores an upload as api-service does; returns the document's id. */
    static UUID upload(DataSource dataSource, String userId, String filename, String mimeType, byte[] content) {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement document = connection.prepareStatement("""
                        INSERT INTO api.documents (id, user_id, filename, file_size, mime_type, status, job_id)
                        VALUES (?, ?, ?, ?, ?, 'queued', ?)""");
                PreparedStatement file = connection.prepareStatement(
                        "INSERT INTO api.document_files (document_id, content) VALUES (?, ?)")) {
            document.setObject(1, id);
            document.setString(2, userId);
            document.setString(3, filename);
            document.setLong(4, content.length);
            document.setString(5, mimeType);
            document.setObject(6, UUID.randomUUID());
            document.executeUpdate();
            file.setObject(1, id);
            file.setBytes(2, content);
            file.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes a document as api-service does: the record (its bytes go with it) and its vectors, in one transaction;
     * returns how many chunks went ({@code worker.document_vectors_delete}).
     */
    static int delete(DataSource dataSource, UUID documentId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement document = connection.prepareStatement("DELETE FROM api.documents WHERE id = ?");
                    PreparedStatement vectors = connection.prepareStatement(
                            "SELECT worker.document_vectors_delete(?)")) {
                document.setObject(1, documentId);
                document.executeUpdate();
                vectors.setObject(1, documentId);
                int chunks;
                try (ResultSet row = vectors.executeQuery()) {
                    row.next();
                    chunks = row.getInt(1);
                }
                connection.commit();
                return chunks;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static JobCommand command(UUID documentId, Integer chunkSize, Integer chunkOverlap) {
        return command(documentId, OWNER, chunkSize, chunkOverlap);
    }

    /** A document.vectorize command as api-service issues it (attempt 1 of 3). */
    static JobCommand command(UUID documentId, String userId, Integer chunkSize, Integer chunkOverlap) {
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode().put("documentId", documentId.toString());
        if (chunkSize != null) {
            payload.put("chunkSize", chunkSize);
        }
        if (chunkOverlap != null) {
            payload.put("chunkOverlap", chunkOverlap);
        }
        return JobCommand.run(UUID.randomUUID(), userId, VectorizeJobType.NAME, Priority.NORMAL, payload,
                JobCommands.ISSUED_AT_SEQUENCE, 1, 3, null);
    }

    /** A vector set of the document: {complete, chunk_count, model, dimensions, job}. */
    record VectorSetRow(UUID id, boolean complete, int chunkCount, String model, int dimensions, UUID jobId) {
    }

    static List<VectorSetRow> sets(DataSource dataSource, UUID documentId) {
        return query(dataSource, """
                SELECT id, complete, chunk_count, model, dimensions, job_id FROM worker.document_vector_sets
                 WHERE document_id = ? ORDER BY created_at""", documentId, row -> new VectorSetRow(
                row.getObject(1, UUID.class), row.getBoolean(2), row.getInt(3), row.getString(4), row.getInt(5),
                row.getObject(6, UUID.class)));
    }

    /** A stored chunk of the document's complete set. */
    record ChunkRow(int index, String content, int start, int end, int dimensions) {
    }

    static List<ChunkRow> chunks(DataSource dataSource, UUID documentId) {
        return query(dataSource, """
                SELECT c.chunk_index, c.content, c.char_start, c.char_end, cardinality(c.embedding)
                  FROM worker.document_chunks c JOIN worker.document_vector_sets s ON s.id = c.set_id
                 WHERE s.document_id = ? AND s.complete ORDER BY c.chunk_index""", documentId,
                row -> new ChunkRow(row.getInt(1), row.getString(2), row.getInt(3), row.getInt(4), row.getInt(5)));
    }

    /** The vectors as api-service's search reads them ({@code worker.document_search_vectors}), by chunk index. */
    static List<float[]> searchVectors(DataSource dataSource, String userId, String model, UUID documentId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT chunk_index, embedding FROM worker.document_search_vectors(?, ?, ?) "
                                + "ORDER BY chunk_index")) {
            select.setString(1, userId);
            select.setString(2, model);
            select.setArray(3, connection.createArrayOf("uuid", new Object[] {documentId}));
            List<float[]> vectors = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    vectors.add(Vectors.fromFloat32(rows.getBytes(2)));
                }
            }
            return vectors;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of chosen chunks as api-service's search reads it ({@code worker.document_chunk_texts}). */
    static List<String> chunkTexts(DataSource dataSource, String userId, UUID documentId, List<Integer> indexes) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT content FROM worker.document_chunk_texts(?, ?, ?) ORDER BY chunk_index")) {
            select.setString(1, userId);
            select.setArray(2, connection.createArrayOf("uuid",
                    indexes.stream().map(index -> documentId).toArray()));
            select.setArray(3, connection.createArrayOf("int4", indexes.toArray()));
            List<String> texts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    texts.add(rows.getString(1));
                }
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static <T> List<T> query(DataSource dataSource, String sql, UUID documentId, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, documentId);
            List<T> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(mapper.map(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
