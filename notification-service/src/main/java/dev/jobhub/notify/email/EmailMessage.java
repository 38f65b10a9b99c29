package dev.jobhub.notify.email;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * An email to put in the outbox.
 *
 * @param id       the outbox row's id and the Message-ID ({@code <id@jobhub>}); derive it from what the email is about
 *                 (e.g. {@code UUID.nameUUIDFromBytes(...)}), so that enqueueing the same email again is a no-op
 * @param subject  null, with both bodies, for an email rendered from its notification when it is sent
 * @param textBody null for an email rendered from its notification when it is sent
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
        if (!NOTIFICATION.equals(kind) && !DIGEST.equals(kind) && !SYSTEM.equals(kind)) {
            throw new IllegalArgumentException("kind must be notification, digest or system, not " + kind);
        }
        if (textBody == null && !(NOTIFICATION.equals(kind) && notificationId != null)) {
            throw new IllegalArgumentException("only an email that tells a notification is rendered when sent");
        }
        if (textBody != null) {
            Objects.requireNonNull(subject, "subject");
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

    /**
     * The email of notification {@code notificationId}, rendered from it when it is sent: the row holds no bodies,
     * so the transaction that stores the notification neither renders templates nor writes them, and a notification
     * deleted before its email goes out is not sent.
     */
    public static EmailMessage renderedWhenSent(UUID id, String userId, String to, UUID notificationId,
            Duration heldWhileOnline) {
        return new EmailMessage(id, userId, to, null, null, null, NOTIFICATION, notificationId, heldWhileOnline);
    }
}
