package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/jobs}. Priority stays a string here so that a wrong value is answered with a problem
 * naming the field rather than a generic JSON error.
 */
public record JobSubmission(String type, JsonNode payload, String priority, Integer maxAttempts) {
}
