package dev.jobhub.api.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.util.List;

/**
 * The fields of a schedule before validation: what a client sent (POST), or a stored schedule with the fields of
 * a PATCH applied over it. Fields of the wrong JSON type are reported in {@code typeErrors}, to be answered together
 * with the validation errors.
 *
 * @param singletonKey the jobs' singleton key: set by the platform only (a client's body cannot change it)
 */
public record ScheduleDraft(String name, String cron, String timezone, String jobType, JsonNode payload, String priority,
        Integer maxAttempts, Boolean enabled, String singletonKey) {

    static final String DEFAULT_TIMEZONE = "UTC";

    static ScheduleDraft empty() {
        return new ScheduleDraft(null, null, null, null, null, null, null, null, null);
    }

    static ScheduleDraft of(Schedule schedule) {
        return new ScheduleDraft(schedule.name, schedule.cron, schedule.timezone, schedule.jobType, schedule.payload,
                schedule.priority, schedule.maxAttempts, schedule.enabled, schedule.singletonKey);
    }

    /** Reads a request body that must be a JSON object; anything else is a 400 problem. */
    static ObjectNode readBody(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.invalid("a JSON body is required", List.of()));
        }
        JsonNode node;
        try {
            node = JobJsonCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.invalid("malformed JSON: " + e.getOriginalMessage(), List.of()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problem.invalid("the body must be a JSON object", List.of()));
        }
        return object;
    }

    /**
     * This draft with the fields present in {@code changes} replaced (an explicit null clears a field, which for
     * the optional ones means their default). Unknown fields are ignored.
     */
    ScheduleDraft with(ObjectNode changes, List<Problem.FieldError> typeErrors) {
        return new ScheduleDraft(
                text(changes, "name", name, typeErrors),
                text(changes, "cron", cron, typeErrors),
                text(changes, "timezone", timezone, typeErrors),
                text(changes, "jobType", jobType, typeErrors),
                changes.has("payload") ? nullIfJsonNull(changes.get("payload")) : payload,
                text(changes, "priority", priority, typeErrors),
                integer(changes, "maxAttempts", maxAttempts, typeErrors),
                bool(changes, "enabled", enabled, typeErrors),
                singletonKey);
    }

    private static JsonNode nullIfJsonNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String text(ObjectNode changes, String field, String current, List<Problem.FieldError> errors) {
        if (!changes.has(field)) {
            return current;
        }
        JsonNode value = changes.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return current;
        }
        return value.textValue();
    }

    private static Integer integer(ObjectNode changes, String field, Integer current, List<Problem.FieldError> errors) {
        if (!changes.has(field)) {
            return current;
        }
        JsonNode value = changes.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new Problem.FieldError(field, "must be an integer"));
            return current;
        }
        return value.intValue();
    }

    private static Boolean bool(ObjectNode changes, String field, Boolean current, List<Problem.FieldError> errors) {
        if (!changes.has(field)) {
            return current;
        }
        JsonNode value = changes.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new Problem.FieldError(field, "must be true or false"));
            return current;
        }
        return value.booleanValue();
    }
}
