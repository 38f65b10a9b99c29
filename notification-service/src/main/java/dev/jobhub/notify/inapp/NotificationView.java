package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification as the REST API and the push channels show it. {@code data} carries what it is about
 * ({@code jobId}, {@code jobType}, {@code documentId}, …); {@code jobId} and {@code jobType} are repeated at the top
 * for clients that filter by job.
 */
public record NotificationView(UUID id, String type, String title, String message, JsonNode data, boolean read,
        Instant createdAt, UUID jobId, String jobType) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.id, notification.type, notification.title, notification.message,
                json(notification.data), notification.isRead(), notification.createdAt, notification.jobId,
                notification.jobType);
    }

    /** A notification just written, before anything reads it back. */
    public static NotificationView of(NotificationWriter.Written written) {
        NewNotification notification = written.notification();
        return new NotificationView(written.id(), notification.type().wireName(), notification.title(),
                notification.message(), notification.data(), false, written.createdAt(), notification.jobId(),
                notification.jobType());
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
