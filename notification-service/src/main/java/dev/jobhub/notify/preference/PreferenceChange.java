package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * The fields a PATCH or a bulk PUT may change, each optional: {@code enabled}, and on the email channel the digest
 * schedule ({@code digest}, {@code digestHour} 0–23, {@code digestWeekday} 1 = Monday … 7, {@code timezone}, an IANA
 * zone such as {@code Europe/Paris}).
 *
 * @param type and {@code channel} name the preference in a bulk PUT; absent in a PATCH
 */
public record PreferenceChange(String type, String channel, Boolean enabled, String digest, Integer digestHour,
        Integer digestWeekday, String timezone) {

    /** The bulk PUT's body. */
    public record Bulk(List<PreferenceChange> preferences) {
    }

    /**
     * Checks the values against each other and against the preference they change.
     *
     * @param prefix the field path of this change in the body ("" or "preferences[2].")
     */
    void validate(String prefix, Channel channel, boolean critical, List<Problem.FieldError> errors) {
        if (critical && Boolean.FALSE.equals(enabled)) {
            errors.add(new Problem.FieldError(prefix + "enabled", "an admin made this type critical: it cannot be "
                    + "switched off"));
        }
        boolean digestField = digest != null || digestHour != null || digestWeekday != null || timezone != null;
        if (digestField && channel != Channel.EMAIL) {
            errors.add(new Problem.FieldError(prefix + "digest", "only the email channel has a digest schedule"));
            return;
        }
        if (digest != null) {
            try {
                DigestFrequency.parse(digest, prefix + "digest");
            } catch (ProblemException e) {
                errors.add(new Problem.FieldError(prefix + "digest", "must be immediate, hourly, daily or weekly"));
            }
        }
        if (digestHour != null && (digestHour < 0 || digestHour > 23)) {
            errors.add(new Problem.FieldError(prefix + "digestHour", "must be an hour from 0 to 23"));
        }
        if (digestWeekday != null && (digestWeekday < 1 || digestWeekday > 7)) {
            errors.add(new Problem.FieldError(prefix + "digestWeekday", "must be 1 (Monday) to 7 (Sunday)"));
        }
        if (timezone != null) {
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                errors.add(new Problem.FieldError(prefix + "timezone", "must be an IANA time zone such as "
                        + "Europe/Paris"));
            }
        }
    }

    static void throwIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid preferences: '" + errors.get(0).field() + "' "
                    + errors.get(0).message(), errors));
        }
    }
}
