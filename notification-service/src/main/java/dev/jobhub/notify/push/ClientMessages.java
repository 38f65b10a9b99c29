package dev.jobhub.notify.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.stream.StreamMessages;
import java.util.UUID;

/**
 * What a WebSocket client may send: {@code {"type":"subscribe","jobId":…}}, {@code unsubscribe}, {@code ping}. A
 * user receives their own jobs' events without subscribing (subscribing to one is acknowledged and changes nothing);
 * an admin receives every event of the jobs they subscribe to, whoever owns them. Anything else is answered with an
 * {@code error} message; the connection stays open.
 */
public final class ClientMessages {

    private final ConnectionRegistry registry;

    public ClientMessages(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** @return the reply to send */
    public String handle(Subscriber subscriber, String text) {
        JsonNode message;
        try {
            message = JobJsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            return error(subscriber, "bad_message", "a message is a JSON object with a type");
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            return error(subscriber, "bad_message", "a message is a JSON object with a type");
        }
        String type = message.get("type").asText();
        return switch (type) {
            case "ping" -> JobJsonCodec.toJson(StreamMessages.control(StreamMessages.PONG, subscriber.lastId()));
            case "subscribe", "unsubscribe" -> subscription(subscriber, type, message.get("jobId"));
            default -> error(subscriber, "unknown_type", "type must be subscribe, unsubscribe or ping");
        };
    }

    private String subscription(Subscriber subscriber, String type, JsonNode jobIdField) {
        UUID jobId;
        try {
            jobId = jobIdField != null && jobIdField.isTextual() ? UUID.fromString(jobIdField.asText()) : null;
        } catch (IllegalArgumentException e) {
            jobId = null;
        }
        if (jobId == null) {
            return error(subscriber, "bad_message", "jobId must be a job id");
        }
        boolean subscribe = "subscribe".equals(type);
        if (subscriber.isAdmin()) {
            if (subscribe) {
                registry.subscribe(subscriber, jobId);
            } else {
                registry.unsubscribe(subscriber, jobId);
            }
        }
        ObjectNode reply = StreamMessages.control(subscribe ? StreamMessages.SUBSCRIBED : StreamMessages.UNSUBSCRIBED,
                subscriber.lastId());
        reply.put("jobId", jobId.toString());
        // a user's own jobs come without subscribing; whether another user's job exists is not disclosed
        reply.put("scope", subscriber.isAdmin() ? "job" : "own_jobs");
        return JobJsonCodec.toJson(reply);
    }

    private static String error(Subscriber subscriber, String code, String detail) {
        return JobJsonCodec.toJson(StreamMessages.control(StreamMessages.ERROR, subscriber.lastId())
                .put("code", code).put("detail", detail));
    }
}
