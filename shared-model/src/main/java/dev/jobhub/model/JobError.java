package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Why an attempt failed. {@code code} is stable and machine-readable (e.g. {@code handler_error},
 * {@code unknown_job_type}, {@code invalid_payload}); {@code message} is for people and never carries secrets.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobError(String code, String message) {

    public static JobError of(String code, String message) {
        return new JobError(code, message);
    }
}
