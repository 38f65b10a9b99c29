package dev.jobhub.api.failure;

import java.time.Instant;
import java.util.List;

/**
 * Failed (or retrying) jobs that share an error fingerprint (normalised message + error code + job type).
 *
 * @param code          error code of the group's latest failure
 * @param sampleMessage error message of the group's latest failure
 * @param firstSeen     earliest failure in the group (finished_at, or updated_at of a retrying job)
 * @param lastSeen      latest failure in the group
 */
public record FailureGroup(String fingerprint, String jobType, String code, String sampleMessage, long count,
        long failed, long retrying, Instant firstSeen, Instant lastSeen) {

    /** The answer of {@code GET /api/jobs/failures}. */
    public record Listing(List<FailureGroup> data) {
    }
}
