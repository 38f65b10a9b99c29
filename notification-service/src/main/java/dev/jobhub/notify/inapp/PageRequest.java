package dev.jobhub.notify.inapp;

import dev.jobhub.notify.inapp.NotificationRepository.ReadFilter;
import dev.jobhub.support.problem.ProblemException;
import java.util.Locale;

/**
 * The query parameters of a listing, checked: {@code page} from 1, {@code limit} 1–{@value #MAX_LIMIT},
 * {@code read} true (read only), false (unread only) or absent (all) — or the older {@code unread}, its opposite —
 * and {@code type}, one notification type or absent (all).
 */
public record PageRequest(int page, int limit, ReadFilter filter, NotificationType type) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** @throws ProblemException (400) naming the parameter that is wrong */
    public static PageRequest parse(String page, String limit, String read, String unread, String type) {
        int pageNumber = integer("page", page, 1, 1, Integer.MAX_VALUE);
        int pageSize = integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (!blank(read) && !blank(unread)) {
            throw ProblemException.badRequest("give read or unread, not both", "unread");
        }
        ReadFilter filter = !blank(read) ? filter("read", read, ReadFilter.READ, ReadFilter.UNREAD)
                : filter("unread", unread, ReadFilter.UNREAD, ReadFilter.READ);
        return new PageRequest(pageNumber, pageSize, filter,
                blank(type) ? null : NotificationType.parse(type.trim(), "type"));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The zero-based index of the page. */
    public int index() {
        return page - 1;
    }

    public int pages(long total) {
        return (int) ((total + limit - 1) / limit);
    }

    /**
     * A whole-number query parameter between {@code min} and {@code max}, {@code fallback} if absent.
     *
     * @throws ProblemException (400) naming the parameter
     */
    public static int integer(String name, String value, int fallback, int min, int max) {
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

    private static ReadFilter filter(String name, String value, ReadFilter whenTrue, ReadFilter whenFalse) {
        if (blank(value)) {
            return ReadFilter.ALL;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> whenTrue;
            case "false" -> whenFalse;
            default -> throw ProblemException.badRequest(name + " must be true or false, got '" + value + "'", name);
        };
    }
}
