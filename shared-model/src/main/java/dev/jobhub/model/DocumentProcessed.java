package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A document's vectorization reached its final outcome: api-service announces it on
 * {@link Topics#NOTIFICATION_REQUESTS}, keyed by user id, in the transaction that records the outcome; the
 * notification-service turns it into the {@code document_processed} notification. {@code id} is unique per message
 * and is the de-duplication key.
 *
 * <p>Written by a database trigger (api-service migration V009), so the field names here are the contract it
 * follows; {@code ContractSchemaTest} holds both to {@code contract/document-jobs.schema.json}.
 *
 * @param status      {@code completed} or {@code failed} (a cancelled job fails its document)
 * @param error       why it failed; null when completed
 * @param chunkCount  null unless completed
 * @param vectorCount null unless completed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentProcessed(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        String userId,
        UUID documentId,
        UUID jobId,
        String filename,
        String status,
        String error,
        Integer chunkCount,
        Integer vectorCount,
        Instant processedAt) {

    /** The {@code type} field and the CloudEvents {@code ce_type} header. */
    public static final String TYPE = "document.processed";
}
