package dev.jobhub.notify.delivery;

import dev.jobhub.notify.email.EmailMessage;
import dev.jobhub.notify.email.EmailOutbox;
import dev.jobhub.notify.email.RenderedEmail;
import dev.jobhub.notify.preference.PresenceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Turns notifications into emails in the email outbox, in the caller's transaction: one each for those due at once
 * (rendered from the notification when sent), one for a user's digest. The outbox sends them (retries, circuit
 * breaker); the delivery log reads their state there.
 */
@ApplicationScoped
public class EmailDelivery {

    private final EmailOutbox outbox;
    private final PresenceConfig presence;

    public EmailDelivery(EmailOutbox outbox, PresenceConfig presence) {
        this.outbox = outbox;
        this.presence = presence;
    }

    public Uni<Void> enqueueWithin(SqlConnection connection, List<DeliveryPlan.ImmediateEmail> emails) {
        if (emails.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return outbox.enqueueWithin(connection, emails.stream().map(email -> EmailMessage.renderedWhenSent(
                email.emailId(), email.notification().notification().userId(), email.to(),
                email.notification().id(), email.heldWhileOnline() ? presence.grace() : Duration.ZERO)).toList());
    }

    /** One digest email, as message {@code id}. */
    Uni<Void> enqueueDigestWithin(SqlConnection connection, UUID id, String userId, String to, RenderedEmail digest) {
        return outbox.enqueueWithin(connection, List.of(new EmailMessage(id, userId, to, digest.subject(),
                digest.text(), digest.html(), EmailMessage.DIGEST)));
    }
}
