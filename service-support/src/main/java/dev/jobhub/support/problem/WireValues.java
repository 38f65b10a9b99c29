package dev.jobhub.support.problem;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A value a request names on the wire (an enum constant by its wire name, a UUID, an instant), or a 400 that names the field and
 * what it takes.
 */
public final class WireValues {

    private WireValues() {
    }

    public static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> wireName, String value) {
        return Arrays.stream(values).filter(candidate -> wireName.apply(candidate).equals(value)).findFirst();
    }

    /** @throws ProblemException 400 naming {@code field} if no constant is called {@code value} */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> wireName, String value, String field) {
        return find(values, wireName, value).orElseThrow(() -> ProblemException.badRequest(
                "'" + field + "' must be one of " + names(values, wireName) + ", got '" + value + "'", field));
    }

    public static <E extends Enum<E>> List<String> names(E[] values, Function<E, String> wireName) {
        return Arrays.stream(values).map(wireName).toList();
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is absent or not a UUID */
    public static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required", field);
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + field + "' must be a UUID", field);
        }
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is absent or not an ISO-8601 instant */
    public static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field
                    + "' (an ISO-8601 instant such as 2026-01-31T12:00:00Z) is required", field);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + field
                    + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", field);
        }
    }
}
