package dev.jobhub.notify.inapp;

import dev.jobhub.notify.inapp.NotificationRepository.ReadFilter;
import dev.jobhub.support.problem.ProblemException;
import java.util.Locale;

/**
 * The query parameters of a listing, checked: {@code page} from 1, {@code limit} 1–{@value #MAX_LIMIT},
 * {@code unread} true (unread only), false (read only) or absent (all).
 */
public record PageRequest(int page, int limit, ReadFilter filter) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** @throws ProblemException (400) naming the parameter that is wrong */
    public static PageRequest parse(String page, String limit, String unread) {
        int pageNumber = integer("page", page, 1, 1, Integer.MAX_VALUE);
        int pageSize = integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new PageRequest(pageNumber, pageSize, filter(unread));
    }

    /** The zero-based index of the page. */
    public int index() {
        return page - 1;
    }

    public int pages(long total) {
        return (int) ((total + limit - 1) / limit);
    }

    private static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, got '" + value + "'", name);
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badRequest(name + " must be between " + min + " and " + max + ", got " + parsed,
                    name);
        }
        return parsed;
    }

    private static ReadFilter filter(String unread) {
        if (unread == null || unread.isBlank()) {
            return ReadFilter.ALL;
        }
        return switch (unread.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> ReadFilter.UNREAD;
            case "false" -> ReadFilter.READ;
            default -> throw ProblemException.badRequest("unread must be true or false, got '" + unread + "'",
                    "unread");
        };
    }
}
