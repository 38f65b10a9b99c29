package dev.jobhub.api.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.Progress;
import java.time.Instant;
import java.util.UUID;

/**
 * A document as {@code GET /api/documents/{id}} shows it.
 *
 * @param progress the job's progress while the document is processing; absent otherwise
 */
public record DocumentView(UUID id, String userId, String filename, long fileSize, String mimeType, String status,
        UUID jobId, String errorMessage, Integer chunkCount, Integer vectorCount, JsonNode metadata,
        Instant createdAt, Instant startedAt, Instant processedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Progress progress) {

    public static DocumentView of(Document document, Progress progress) {
        return new DocumentView(document.id, document.userId, document.filename, document.fileSize,
                document.mimeType, document.status, document.jobId, document.errorMessage, document.chunkCount,
                document.vectorCount, document.metadata, document.createdAt, document.startedAt,
                document.processedAt, "processing".equals(document.status) ? progress : null);
    }
}
