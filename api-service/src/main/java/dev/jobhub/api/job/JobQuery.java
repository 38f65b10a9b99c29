package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** The filters and page of {@code GET /api/jobs}, parsed from query parameters with a 400 for anything wrong. */
public record JobQuery(int page, int limit, JobState state, String type) {

    public static final int MAX_LIMIT = 100;

    public static JobQuery parse(String page, String limit, String state, String type) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int parsedPage = integer("page", page, 1, 1, Integer.MAX_VALUE, errors);
        int parsedLimit = integer("limit", limit, 20, 1, MAX_LIMIT, errors);
        JobState parsedState = null;
        if (state != null && !state.isBlank()) {
            try {
                parsedState = JobState.fromWire(state);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("state", "unknown state '" + state + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid query: " + errors.get(0).field() + " "
                    + errors.get(0).message(), errors));
        }
        return new JobQuery(parsedPage, parsedLimit, parsedState, type == null || type.isBlank() ? null : type);
    }

    private static int integer(String name, String value, int defaultValue, int min, int max,
            List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be an integer between " + min + " and " + max));
        return defaultValue;
    }
}
