package dev.jobhub.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification as an email tells it.
 *
 * @param type    the notification's kind (e.g. job.completed)
 * @param message may be null
 * @param data    the notification's data; not rendered yet, there for templates that will want it
 * @param link    where in the app the notification leads: a path ({@code /jobs/…}) or a URL under
 *                {@code jobhub.notify.app-url}; anything else, or null, links to the app's home
 */
public record NotificationEmail(String type, String title, String message, Instant createdAt, JsonNode data,
        String link) {

    /** Notification {@code id} as an email tells it, linking to it in the notification center. */
    public static NotificationEmail of(UUID id, String type, String title, String message, Instant createdAt,
            JsonNode data) {
        return new NotificationEmail(type, title, message, createdAt, data, "/notifications/" + id);
    }
}
