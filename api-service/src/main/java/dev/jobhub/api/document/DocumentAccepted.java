package dev.jobhub.api.document;

import java.util.UUID;

/** The 202 answer to an upload: the document is stored and its vectorization job queued. */
public record DocumentAccepted(UUID documentId, String fileName, long fileSize, String status, UUID jobId) {

    /** The {@code status} of the answer (the document's own status is {@code queued}). */
    public static final String QUEUED_FOR_PROCESSING = "queued_for_processing";

    static DocumentAccepted of(UUID documentId, String fileName, long fileSize, UUID jobId) {
        return new DocumentAccepted(documentId, fileName, fileSize, QUEUED_FOR_PROCESSING, jobId);
    }
}
