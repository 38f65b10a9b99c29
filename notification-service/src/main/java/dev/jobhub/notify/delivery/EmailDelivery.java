package dev.jobhub.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.notify.email.EmailMessage;
import dev.jobhub.notify.email.EmailOutbox;
import dev.jobhub.notify.email.EmailTemplates;
import dev.jobhub.notify.email.NotificationEmail;
import dev.jobhub.notify.email.RenderedEmail;
import dev.jobhub.notify.inapp.NewNotification;
import dev.jobhub.notify.inapp.NotificationWriter.Written;
import dev.jobhub.notify.preference.PresenceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns notifications into emails in the email outbox, in the caller's transaction: one each for those due at once,
 * one for a user's digest. The outbox sends them (retries, circuit breaker); the delivery log reads their state there.
 */
@ApplicationScoped
public class EmailDelivery {

    private final EmailOutbox outbox;
    private final EmailTemplates templates;
    private final PresenceConfig presence;

    public EmailDelivery(EmailOutbox outbox, EmailTemplates templates, PresenceConfig presence) {
        this.outbox = outbox;
        this.templates = templates;
        this.presence = presence;
    }

    public Uni<Void> enqueueWithin(SqlConnection connection, List<DeliveryPlan.ImmediateEmail> emails) {
        if (emails.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return outbox.enqueueWithin(connection, emails.stream().map(email -> {
            RenderedEmail rendered = templates.notification(asEmail(email.notification()));
            return new EmailMessage(email.emailId(), email.notification().notification().userId(), email.to(),
                    rendered.subject(), rendered.text(), rendered.html(), EmailMessage.NOTIFICATION,
                    email.notification().id(), email.heldWhileOnline() ? presence.grace() : Duration.ZERO);
        }).toList());
    }

    /** One digest email, as message {@code id}. */
    Uni<Void> enqueueDigestWithin(SqlConnection connection, UUID id, String userId, String to, RenderedEmail digest) {
        return outbox.enqueueWithin(connection, List.of(new EmailMessage(id, userId, to, digest.subject(),
                digest.text(), digest.html(), EmailMessage.DIGEST)));
    }

    static NotificationEmail asEmail(Written written) {
        NewNotification notification = written.notification();
        return asEmail(written.id(), notification.type().wireName(), notification.title(), notification.message(),
                written.createdAt(), notification.data());
    }

    static NotificationEmail asEmail(UUID id, String type, String title, String message, Instant createdAt,
            JsonNode data) {
        return new NotificationEmail(type, title, message, createdAt, data, "/notifications/" + id);
    }
}
