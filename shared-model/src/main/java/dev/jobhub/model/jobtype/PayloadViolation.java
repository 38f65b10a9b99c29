package dev.jobhub.model.jobtype;

/** One thing wrong with a job payload, naming the field (as a JSON pointer-like path, e.g. {@code payload.steps}). */
public record PayloadViolation(String field, String message) {
}
