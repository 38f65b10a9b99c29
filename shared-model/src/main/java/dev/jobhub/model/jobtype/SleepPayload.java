package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Payload of the built-in {@code sleep} job: {@code steps} steps of {@code stepMillis} each, reporting progress
 * after each; with {@code failAtStep}, the job fails at that step with a clear error — on every attempt, or with
 * {@code failTimes} only on the first that many attempts (so a retried job can succeed on attempt 3).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SleepPayload(int steps, long stepMillis, Integer failAtStep, Integer failTimes) {

    public SleepPayload(int steps, long stepMillis, Integer failAtStep) {
        this(steps, stepMillis, failAtStep, null);
    }

    /** True if attempt {@code attempt} (1-based) must fail at {@link #failAtStep()}. */
    public boolean failsOnAttempt(int attempt) {
        return failAtStep != null && (failTimes == null || attempt <= failTimes);
    }
}
