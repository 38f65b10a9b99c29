package dev.jobhub.notify.email;

import java.util.Objects;
import java.util.UUID;

/**
 * An email to put in the outbox.
 *
 * @param id       the outbox row's id and the Message-ID ({@code <id@jobhub>}); derive it from what the email is about
 *                 (e.g. {@code UUID.nameUUIDFromBytes(...)}), so that enqueueing the same email again is a no-op
 * @param htmlBody may be null: the email is then text only
 * @param kind     one of {@link #NOTIFICATION}, {@link #DIGEST}, {@link #SYSTEM}
 */
public record EmailMessage(UUID id, String userId, String to, String subject, String textBody, String htmlBody,
        String kind) {

    public static final String NOTIFICATION = "notification";
    public static final String DIGEST = "digest";
    public static final String SYSTEM = "system";

    public EmailMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
        if (!NOTIFICATION.equals(kind) && !DIGEST.equals(kind) && !SYSTEM.equals(kind)) {
            throw new IllegalArgumentException("kind must be notification, digest or system, not " + kind);
        }
    }
}
