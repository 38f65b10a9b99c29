package dev.jobhub.notify.email;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * An email to put in the outbox.
 *
 * @param id       the outbox row's id and the Message-ID ({@code <id@jobhub>}); derive it from what the email is about
 *                 (e.g. {@code UUID.nameUUIDFromBytes(...)}), so that enqueueing the same email again is a no-op
 * @param htmlBody may be null: the email is then text only
 * @param kind     one of {@link #NOTIFICATION}, {@link #DIGEST}, {@link #SYSTEM}
 * @param notificationId the notification it tells, if it tells one
 * @param heldWhileOnline how long it waits because its user is online ({@link Duration#ZERO}: not held); it is
 *                 dropped if {@code notificationId} is read or deleted meanwhile
 */
public record EmailMessage(UUID id, String userId, String to, String subject, String textBody, String htmlBody,
        String kind, UUID notificationId, Duration heldWhileOnline) {

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
        heldWhileOnline = heldWhileOnline == null ? Duration.ZERO : heldWhileOnline;
        if (!heldWhileOnline.isZero() && notificationId == null) {
            throw new IllegalArgumentException("only an email that tells a notification can be held while online");
        }
    }

    /** An email sent as soon as the outbox gets to it. */
    public EmailMessage(UUID id, String userId, String to, String subject, String textBody, String htmlBody,
            String kind) {
        this(id, userId, to, subject, textBody, htmlBody, kind, null, Duration.ZERO);
    }
}
