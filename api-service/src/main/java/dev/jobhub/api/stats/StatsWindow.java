package dev.jobhub.api.stats;

import dev.jobhub.support.problem.ProblemException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code window} of {@code GET /api/jobs/stats}: a number and a unit (m, h, d), from 15m to 30d. */
public record StatsWindow(String text, Duration duration) {

    static final Duration MIN = Duration.ofMinutes(15);
    static final Duration MAX = Duration.ofDays(30);
    static final String DEFAULT = "24h";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})([mhd])");

    public static StatsWindow parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value.trim();
        Matcher matcher = FORMAT.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration duration = switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            if (duration.compareTo(MIN) >= 0 && duration.compareTo(MAX) <= 0) {
                return new StatsWindow(text, duration);
            }
        }
        throw ProblemException.badRequest("window must be a duration from 15m to 30d, e.g. 15m, 24h or 7d", "window");
    }
}
