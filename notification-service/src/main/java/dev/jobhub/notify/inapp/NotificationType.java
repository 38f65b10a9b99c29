package dev.jobhub.notify.inapp;

import dev.jobhub.support.problem.ProblemException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The types of notification, one snake_case word each as the API and the preferences name them. */
public enum NotificationType {
    JOB_COMPLETED("job_completed"),
    JOB_FAILED("job_failed"),
    JOB_CANCELLED("job_cancelled"),
    DOCUMENT_PROCESSED("document_processed"),
    SYSTEM("system"),
    INVITATION("invitation");

    private final String wireName;

    NotificationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NotificationType> fromWire(String value) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(value)).findFirst();
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is not a type */
    public static NotificationType parse(String value, String field) {
        return fromWire(value).orElseThrow(() -> ProblemException.badRequest(
                "'" + field + "' must be one of " + wireNames() + ", got '" + value + "'", field));
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(NotificationType::wireName).toList();
    }
}
