package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification an operator or another system sends to users (a system message, an invitation), on
 * {@link Topics#NOTIFICATION_REQUESTS}: the notification-service stores one notification per recipient and delivers
 * it as each recipient chose, like {@code POST /api/notifications}. {@code id} is unique per message and, with the
 * recipient, the de-duplication key: a redelivered request notifies nobody twice.
 *
 * @param notificationType {@code system} or {@code invitation}
 * @param userIds the recipients; ignored when {@code all} is true
 * @param all every user the notification-service knows (who has had a notification, a profile or preferences)
 * @param data what the notification is about; an invitation carries its {@code acceptUrl} here
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationRequest(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        String notificationType,
        List<String> userIds,
        boolean all,
        String title,
        String message,
        JsonNode data) {

    /** The {@code type} field and the CloudEvents {@code ce_type} header. */
    public static final String TYPE = "notification.send";
}
