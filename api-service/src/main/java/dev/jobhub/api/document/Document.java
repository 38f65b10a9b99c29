package dev.jobhub.api.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An uploaded document (table {@code api.documents}). Its bytes are in {@code api.document_files}, apart, so that
 * reading the record never reads them. After the upload only the trigger {@code documents_follow_jobs} changes the
 * row: status, timestamps, error and counts follow its {@code document.vectorize} job.
 */
@Entity
@Table(name = "documents")
public class Document extends PanacheEntityBase {

    /** The values of {@link #status}. */
    public static final java.util.List<String> STATUSES = java.util.List.of("queued", "processing", "completed",
            "failed");

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String filename;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "mime_type", nullable = false)
    public String mimeType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode metadata;

    @Column(nullable = false)
    public String status;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "chunk_count")
    public Integer chunkCount;

    @Column(name = "vector_count")
    public Integer vectorCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "processed_at")
    public Instant processedAt;
}
