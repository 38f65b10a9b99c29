package dev.jobhub.stack.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The fields the benchmark reads of one text message of the notifier's WebSocket: its {@code id}, {@code type}, and
 * for job events {@code jobId} and {@code occurredAt}. Read with the streaming parser: the nested event data is
 * skipped, not built.
 *
 * @param occurredAt null for the stream's own messages (heartbeat, notification, unread_count)
 */
record EventFrame(String id, String type, String jobId, Instant occurredAt) {

    private static final JsonFactory JSON = new JsonFactory();

    /** A job event ({@code job.completed}, {@code job.progress} …) rather than one of the stream's own messages. */
    boolean isJobEvent() {
        return type != null && type.startsWith("job.");
    }

    /** A job event with what tracking it needs, or a stream message with a type. */
    boolean readable() {
        return isJobEvent() ? jobId != null : type != null;
    }

    /** The message, or null if it is not a JSON object. */
    static EventFrame parse(String text) {
        String id = null;
        String type = null;
        String jobId = null;
        String occurredAt = null;
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "id" -> id = json.getText();
                    case "type" -> type = json.getText();
                    case "jobId" -> jobId = json.getText();
                    case "occurredAt" -> occurredAt = json.getText();
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            json.skipChildren();
                        }
                    }
                }
            }
            return new EventFrame(id, type, jobId, occurredAt == null ? null : Instant.parse(occurredAt));
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }
}
