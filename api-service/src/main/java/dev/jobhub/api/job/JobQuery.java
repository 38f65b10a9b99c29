package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import dev.jobhub.support.problem.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The filters, order and page of {@code GET /api/jobs}, parsed from query parameters with a 400 naming the parameter
 * for anything wrong.
 *
 * @param from       createdAt at or after (inclusive)
 * @param to         createdAt before (exclusive)
 * @param jobId      {@code q} when it is a job id
 * @param typePrefix {@code q} otherwise: the job type starts with it
 * @param userId     an admin's filter on the owner
 */
public record JobQuery(int page, int limit, JobState state, String type, Sort sort, Instant from, Instant to,
        UUID jobId, String typePrefix, String userId) {

    public static final int MAX_LIMIT = 100;
    public static final Sort DEFAULT_SORT = new Sort(SortField.CREATED_AT, true);

    /** What {@code sort=field:direction} may name, with the SQL expression over a jobs row it orders by. */
    public enum SortField {
        CREATED_AT("createdAt", "created_at"),
        UPDATED_AT("updatedAt", "updated_at"),
        STARTED_AT("startedAt", "started_at"),
        FINISHED_AT("finishedAt", "finished_at"),
        RUN_AT("runAt", "run_at"),
        // by rank, not alphabetically: high > normal > low
        PRIORITY("priority", "CASE priority WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END");

        private final String wireName;
        private final String expression;

        SortField(String wireName, String expression) {
            this.wireName = wireName;
            this.expression = expression;
        }

        static SortField fromWire(String name) {
            for (SortField field : values()) {
                if (field.wireName.equals(name)) {
                    return field;
                }
            }
            return null;
        }

        static List<String> names() {
            return java.util.Arrays.stream(values()).map(field -> field.wireName).toList();
        }
    }

    /** An order; ties are broken newest first (createdAt, then id), so pages are stable. */
    public record Sort(SortField field, boolean descending) {

        /** The SQL ORDER BY list, made of the field's expression and constants only. */
        String orderBy() {
            String direction = descending ? "DESC" : "ASC";
            String primary = field.expression + " " + direction + (descending ? " NULLS LAST" : " NULLS FIRST");
            return field == SortField.CREATED_AT ? "created_at " + direction + ", id " + direction
                    : primary + ", created_at DESC, id DESC";
        }
    }

    public static JobQuery parse(String page, String limit, String state, String type) {
        return parse(page, limit, state, type, null, null, null, null, null);
    }

    public static JobQuery parse(String page, String limit, String state, String type, String sort, String from,
            String to, String q, String userId) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int parsedPage = integer("page", page, 1, 1, Integer.MAX_VALUE, errors);
        int parsedLimit = integer("limit", limit, 20, 1, MAX_LIMIT, errors);
        JobState parsedState = null;
        if (!blank(state)) {
            try {
                parsedState = JobState.fromWire(state);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("state", "unknown state '" + state + "'"));
            }
        }
        Sort parsedSort = sort(sort, errors);
        Instant parsedFrom = instant("from", from, errors);
        Instant parsedTo = instant("to", to, errors);
        if (parsedFrom != null && parsedTo != null && !parsedTo.isAfter(parsedFrom)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        UUID jobId = null;
        String typePrefix = null;
        if (!blank(q)) {
            try {
                jobId = UUID.fromString(q.trim());
            } catch (IllegalArgumentException e) {
                typePrefix = q.trim();
            }
            if (typePrefix != null && typePrefix.length() > 100) {
                errors.add(new Problem.FieldError("q", "must be a job id or a job type prefix of at most 100 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw JobSubmissionValidator.invalid("invalid query", errors);
        }
        return new JobQuery(parsedPage, parsedLimit, parsedState, blank(type) ? null : type, parsedSort, parsedFrom,
                parsedTo, jobId, typePrefix, blank(userId) ? null : userId);
    }

    /** {@code prefix} as a LIKE pattern with escape character '!'. */
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static Sort sort(String value, List<Problem.FieldError> errors) {
        if (blank(value)) {
            return DEFAULT_SORT;
        }
        String[] parts = value.trim().split(":", -1);
        SortField field = SortField.fromWire(parts[0]);
        String direction = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "desc";
        if (field == null || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
            errors.add(new Problem.FieldError("sort", "must be field[:asc|desc] with field one of "
                    + SortField.names() + ", e.g. createdAt:desc"));
            return DEFAULT_SORT;
        }
        return new Sort(field, direction.equals("desc"));
    }

    private static Instant instant(String name, String value, List<Problem.FieldError> errors) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z"));
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A query parameter in [min, max], or the default if absent; a wrong value is added to {@code errors}. */
    public static int integer(String name, String value, int defaultValue, int min, int max,
            List<Problem.FieldError> errors) {
        if (blank(value)) {
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
