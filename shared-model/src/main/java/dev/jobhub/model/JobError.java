package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why an attempt failed. {@code code} is stable and machine-readable (e.g. {@code handler_error}, {@code timeout},
 * {@code unknown_job_type}, {@code invalid_payload}); {@code message} is for people and never carries secrets.
 *
 * @param retryable false if another attempt cannot succeed (an invalid payload, an unknown job type); absent means
 *                  true
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(String code, String message, Boolean retryable) {

    /** A failure another attempt may get past. */
    public static JobError of(String code, String message) {
        return new JobError(code, message, null);
    }

    /** A failure no further attempt can get past. */
    public static JobError permanent(String code, String message) {
        return new JobError(code, message, false);
    }

    @JsonIgnore
    public boolean isRetryable() {
        return retryable == null || retryable;
    }
}
