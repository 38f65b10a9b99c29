package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.time.Instant;
import java.util.UUID;

/** A notification as the REST API shows it. */
public record NotificationView(UUID id, String kind, String title, String body, UUID jobId, String jobType,
        JsonNode data, boolean read, Instant createdAt) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.id, notification.kind, notification.title, notification.body,
                notification.jobId, notification.jobType, json(notification.data), notification.isRead(),
                notification.createdAt);
    }

    private static JsonNode json(String data) {
        if (data == null) {
            return null;
        }
        try {
            return JobJsonCodec.mapper().readTree(data);
        } catch (JsonProcessingException e) {
            // the column is jsonb: PostgreSQL only ever hands back valid JSON
            throw new IllegalStateException("stored notification data is not JSON", e);
        }
    }
}
