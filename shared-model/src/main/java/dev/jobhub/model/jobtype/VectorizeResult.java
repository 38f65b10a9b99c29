package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Result of {@code document.vectorize}, carried by its {@code job.completed} event.
 *
 * @param chunks      chunks the text was split into
 * @param vectorCount vectors stored (one per chunk)
 * @param dimensions  dimensions of each vector (384 for the built-in all-MiniLM-L6-v2)
 * @param model       the embedding model that made them
 * @param durationMs  how long extraction, chunking and embedding took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VectorizeResult(int chunks, int vectorCount, int dimensions, String model, long durationMs) {
}
