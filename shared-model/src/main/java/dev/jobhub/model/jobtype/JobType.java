package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A job type known to the platform: its name, the record its payload binds to, and the rules the payload must
 * follow. api-service refuses a submission that breaks them; the worker binds the payload to the same record.
 */
public interface JobType<P> {

    String name();

    Class<P> payloadClass();

    /**
     * True for a job type that only its own endpoint submits (it checks what the generic job endpoints cannot,
     * e.g. that a connection is the caller's): {@code POST /api/jobs}, the batch and schedules refuse it.
     */
    default boolean internal() {
        return false;
    }

    /** For an internal type, where clients submit it: the generic endpoints' answer names it. */
    default String submittedThrough() {
        return "its own endpoint";
    }

    /** Violations of the payload's rules; empty if the payload is acceptable. */
    List<PayloadViolation> validate(P payload);

    /** Binds and validates a raw payload; binding errors are reported as violations too. */
    default List<PayloadViolation> validateJson(JsonNode payload) {
        try {
            return validate(JobJson.bind(payload, payloadClass()));
        } catch (IllegalArgumentException e) {
            return List.of(new PayloadViolation("payload", e.getMessage()));
        }
    }
}
