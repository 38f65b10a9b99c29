package dev.jobhub.notify.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.inapp.NotificationView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The messages of the live stream besides the job events (which are sent as the producer wrote them): each a JSON
 * object with {@code type} and {@code id}. Stored ones ({@code notification}, {@code unread_count}) have ids of their
 * own; the others are replies and signals of one connection and carry the id of the last message it was sent, so a
 * client may always resume from the last id it saw.
 */
public final class StreamMessages {

    public static final String NOTIFICATION = "notification";
    public static final String UNREAD_COUNT = "unread_count";
    public static final String PONG = "pong";
    public static final String HEARTBEAT = "heartbeat";
    public static final String SUBSCRIBED = "subscribed";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String RESYNC = "resync";
    public static final String ERROR = "error";

    private StreamMessages() {
    }

    /** A stored in-app notification; its id is derived from the notification's, so it is stored once. */
    public static StreamMessage notification(String userId, NotificationView view) {
        UUID id = UUID.nameUUIDFromBytes(("stream-notification:" + view.id()).getBytes(StandardCharsets.UTF_8));
        ObjectNode json = envelope(NOTIFICATION, id);
        json.set("notification", JobJsonCodec.mapper().valueToTree(view));
        return new StreamMessage(id, userId, null, NOTIFICATION, JobJsonCodec.toJson(json));
    }

    public static StreamMessage unreadCount(String userId, long count) {
        UUID id = UUID.randomUUID();
        ObjectNode json = envelope(UNREAD_COUNT, id);
        json.put("count", count);
        return new StreamMessage(id, userId, null, UNREAD_COUNT, JobJsonCodec.toJson(json));
    }

    /** A reply or signal of one connection, not stored. */
    public static ObjectNode control(String type, UUID lastId) {
        return envelope(type, lastId);
    }

    public static String heartbeat(UUID lastId) {
        return JobJsonCodec.toJson(control(HEARTBEAT, lastId).put("at", Instant.now().toString()));
    }

    private static ObjectNode envelope(String type, UUID id) {
        ObjectNode json = JobJsonCodec.mapper().createObjectNode();
        json.put("type", type);
        json.put("id", id == null ? null : id.toString());
        return json;
    }
}
