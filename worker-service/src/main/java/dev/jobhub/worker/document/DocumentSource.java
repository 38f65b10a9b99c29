package dev.jobhub.worker.document;

import dev.jobhub.model.JobError;
import dev.jobhub.worker.job.JobFailedException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.postgresql.PGStatement;

/**
 * The upload path: a document's bytes, read from api-service's view {@code api.document_sources} (the one object of
 * the api schema this job reads) for the job's document id <em>and owner</em>, so a job can only read its own
 * user's document. The bytes come from the database, never through Kafka.
 */
@ApplicationScoped
public class DocumentSource {

    public static final String DOCUMENT_NOT_FOUND = "document_not_found";

    private static final String SELECT = """
            SELECT filename, mime_type, file_size, content
              FROM api.document_sources
             WHERE id = ? AND user_id = ?""";

    private final AgroalDataSource dataSource;

    public DocumentSource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An uploaded document as stored: the name and type api-service recorded, and the bytes. */
    record Upload(UUID id, String filename, String mimeType, long fileSize, byte[] content) {
    }

    /** @throws JobFailedException {@code document_not_found} if the user has no such document (deleted, or not theirs) */
    Upload read(UUID documentId, String userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT)) {
            // binary transfer from the first execution: bytea otherwise arrives as hex text, twice its size
            select.unwrap(PGStatement.class).setPrepareThreshold(-1);
            select.setObject(1, documentId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new JobFailedException(JobError.permanent(DOCUMENT_NOT_FOUND,
                            "document " + documentId + " was deleted or is not yours"));
                }
                return new Upload(documentId, row.getString("filename"), row.getString("mime_type"),
                        row.getLong("file_size"), row.getBytes("content"));
            }
        }
    }

    /** True if the user's document still exists, read on the caller's connection (inside its transaction). */
    static boolean exists(Connection connection, UUID documentId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM api.document_sources WHERE id = ? AND user_id = ?")) {
            select.setObject(1, documentId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
