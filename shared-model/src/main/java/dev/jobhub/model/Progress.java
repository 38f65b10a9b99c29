package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How far a job has come: {@code current} of {@code total} steps, as a percentage, with a human message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(long current, long total, double percentage, String message) {

    public static Progress of(long current, long total, String message) {
        double percentage = total <= 0 ? 0 : Math.min(100.0, Math.round(current * 1000.0 / total) / 10.0);
        return new Progress(current, total, percentage, message);
    }
}
