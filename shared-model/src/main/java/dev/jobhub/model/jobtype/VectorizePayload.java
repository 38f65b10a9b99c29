package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * Payload of {@code document.vectorize}: extract the text of an uploaded document, split it into chunks of about
 * {@code chunkSize} characters overlapping by {@code chunkOverlap} (sentence boundaries where possible), embed each
 * chunk and store chunks and vectors.
 *
 * <p>Carries the document's id only: the worker reads the uploaded bytes from the database, never through Kafka.
 *
 * @param chunkSize    characters per chunk; null: the worker's default
 * @param chunkOverlap characters shared by neighbouring chunks; null: the worker's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VectorizePayload(UUID documentId, Integer chunkSize, Integer chunkOverlap) {
}
