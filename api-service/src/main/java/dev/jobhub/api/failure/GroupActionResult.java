package dev.jobhub.api.failure;

/**
 * The answer of a group action.
 *
 * @param matched jobs of the group the action applied to (failed ones for retry, retrying ones for cancel)
 * @param done    jobs it was applied to
 * @param skipped jobs whose state had moved on meanwhile
 */
public record GroupActionResult(String fingerprint, String action, int matched, int done, int skipped) {
}
