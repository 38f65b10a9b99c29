package dev.jobhub.notify.delivery;

import dev.jobhub.notify.inapp.NotificationWriter.Written;
import dev.jobhub.notify.preference.Channel;
import dev.jobhub.notify.preference.Choices;
import dev.jobhub.notify.preference.Choices.Choice;
import dev.jobhub.notify.preference.DigestFrequency;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What becomes of a batch of new notifications on each channel, decided from their users' choices: the delivery
 * rows to record, and the emails to send at once. Pure: the caller reads the choices and writes the outcome.
 *
 * @param deliveries one per notification and channel
 * @param immediateEmails the notifications to email now (each with its delivery's email id)
 */
public record DeliveryPlan(List<Delivery> deliveries, List<ImmediateEmail> immediateEmails) {

    /** Why a delivery was skipped. */
    public static final String DISABLED = "disabled_by_user";
    public static final String NO_ADDRESS = "no_email_address";
    /** Why a delivery went out although its user switched it off: an admin made its type critical. */
    public static final String CRITICAL_OVERRIDE = "critical_override";
    /**
     * An email that waited because its user was online (presence-aware email): its status says whether it went out
     * after the grace (sent) or was dropped because the notification was read meanwhile (skipped).
     */
    public static final String HELD_WHILE_ONLINE = "held_while_online";

    /** A row of the delivery log, as first written. */
    public record Delivery(UUID id, UUID notificationId, String userId, Channel channel, String status,
            String reason, UUID emailId, String digest, Instant digestDueAt) {
    }

    /**
     * A notification to email now, to {@code to}, as message {@code emailId}.
     *
     * @param heldWhileOnline whether it waits first, because its user is online
     */
    public record ImmediateEmail(UUID emailId, String to, Written notification, boolean heldWhileOnline) {
    }

    public static DeliveryPlan of(List<Written> written, Choices choices) {
        List<Delivery> deliveries = new ArrayList<>(written.size() * 2);
        List<ImmediateEmail> emails = new ArrayList<>();
        for (Written notification : written) {
            String userId = notification.notification().userId();
            String type = notification.notification().type().wireName();
            deliveries.add(new Delivery(idOf(notification, Channel.IN_APP), notification.id(), userId,
                    Channel.IN_APP, notification.shown() ? "sent" : "skipped",
                    notification.shown() ? overridden(choices.of(userId, type, Channel.IN_APP)) : DISABLED, null,
                    null, null));
            Choice email = choices.of(userId, type, Channel.EMAIL);
            String address = choices.email(userId);
            UUID deliveryId = idOf(notification, Channel.EMAIL);
            if (!email.delivers()) {
                deliveries.add(skipped(deliveryId, notification, DISABLED));
            } else if (address == null) {
                deliveries.add(skipped(deliveryId, notification, NO_ADDRESS));
            } else if (email.effectiveDigest() == DigestFrequency.IMMEDIATE) {
                UUID emailId = emailIdOf(notification.id());
                // a critical type is never held: it goes out whatever the user reads
                boolean held = choices.holdsEmail(userId) && !email.critical();
                deliveries.add(new Delivery(deliveryId, notification.id(), userId, Channel.EMAIL, "pending",
                        held ? HELD_WHILE_ONLINE : overridden(email), emailId, DigestFrequency.IMMEDIATE.wireName(),
                        null));
                emails.add(new ImmediateEmail(emailId, address, notification, held));
            } else {
                Instant due = email.effectiveDigest().dueAfter(notification.createdAt(), email.digestHour(),
                        email.digestWeekday(), email.zone());
                deliveries.add(new Delivery(deliveryId, notification.id(), userId, Channel.EMAIL, "pending", null,
                        null, email.effectiveDigest().wireName(), due));
            }
        }
        return new DeliveryPlan(deliveries, emails);
    }

    /** The reason to record for a delivery that goes out: none, unless only its type's criticality sends it. */
    private static String overridden(Choice choice) {
        return choice.enabled() ? null : CRITICAL_OVERRIDE;
    }

    /** The email of one notification has an id derived from it: enqueued twice, it is one message. */
    public static UUID emailIdOf(UUID notificationId) {
        return UUID.nameUUIDFromBytes(("email:" + notificationId).getBytes(StandardCharsets.UTF_8));
    }

    private static UUID idOf(Written notification, Channel channel) {
        return UUID.nameUUIDFromBytes((channel.wireName() + ":" + notification.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static Delivery skipped(UUID id, Written notification, String reason) {
        return new Delivery(id, notification.id(), notification.notification().userId(), Channel.EMAIL, "skipped",
                reason, null, null, null);
    }
}
