package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Payload of the built-in {@code sleep} job: {@code steps} steps of {@code stepMillis} each, reporting progress
 * after each; with {@code failAtStep}, the job fails at that step with a clear error.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SleepPayload(int steps, long stepMillis, Integer failAtStep) {
}
