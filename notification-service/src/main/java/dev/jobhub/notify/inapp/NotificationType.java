package dev.jobhub.notify.inapp;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
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
        return WireValues.find(values(), NotificationType::wireName, value);
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is not a type */
    public static NotificationType parse(String value, String field) {
        return WireValues.parse(values(), NotificationType::wireName, value, field);
    }
}
