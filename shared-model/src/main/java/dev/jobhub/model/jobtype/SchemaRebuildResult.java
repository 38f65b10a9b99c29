package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Result of {@code schema.rebuild} and {@code schema.train}, carried by their {@code job.completed} event.
 *
 * @param schemas      schemas introspected
 * @param tables       tables and views introspected
 * @param columns      their columns
 * @param indexes      their indexes
 * @param foreignKeys  their foreign keys
 * @param durationMs   how long the introspection took
 * @param unchanged    true if a rebuild without {@code force} found the schema as the latest snapshot has it (that
 *                     snapshot is kept; {@code generatedAt} is its time)
 * @param fingerprint  SHA-256 of the snapshot's tables (the schema cache's {@code ETag})
 * @param generatedAt  when the snapshot now in the cache was generated
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaRebuildResult(int schemas, int tables, long columns, long indexes, long foreignKeys,
        long durationMs, boolean unchanged, String fingerprint, Instant generatedAt) {
}
