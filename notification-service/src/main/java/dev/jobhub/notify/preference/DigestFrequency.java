package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * How often a user's email for a type goes out: at once, or gathered into one digest an hour, a day (at an hour of
 * the user's time zone) or a week (on a weekday, at that hour).
 */
public enum DigestFrequency {
    IMMEDIATE("immediate"),
    HOURLY("hourly"),
    DAILY("daily"),
    WEEKLY("weekly");

    private final String wireName;

    DigestFrequency(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is not a frequency */
    public static DigestFrequency parse(String value, String field) {
        return WireValues.parse(values(), DigestFrequency::wireName, value, field);
    }

    /**
     * When the digest holding a notification of {@code at} goes out: the end of its period, the first moment after
     * {@code at} that is a whole hour (hourly), {@code hour} o'clock (daily) or {@code hour} o'clock on
     * {@code weekday} (weekly), in {@code zone}. Everything due at the same moment goes into one email.
     */
    public Instant dueAfter(Instant at, int hour, int weekday, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return switch (this) {
            case IMMEDIATE -> at;
            case HOURLY -> local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
            case DAILY -> {
                ZonedDateTime today = atHour(local.toLocalDate(), hour, zone);
                yield (today.isAfter(local) ? today : atHour(local.toLocalDate().plusDays(1), hour, zone)).toInstant();
            }
            case WEEKLY -> {
                DayOfWeek day = DayOfWeek.of(weekday);
                ZonedDateTime thisWeek = atHour(local.toLocalDate().with(TemporalAdjusters.nextOrSame(day)), hour, zone);
                yield (thisWeek.isAfter(local) ? thisWeek
                        : atHour(local.toLocalDate().with(TemporalAdjusters.next(day)), hour, zone)).toInstant();
            }
        };
    }

    private static ZonedDateTime atHour(LocalDate date, int hour, ZoneId zone) {
        // a gap in the zone's clock (summer time) moves the hour forward, as ZonedDateTime does
        return date.atTime(hour, 0).atZone(zone);
    }
}
