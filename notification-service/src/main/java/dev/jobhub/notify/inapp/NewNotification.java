package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.VectorizeJobType;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a user is told about a job event: a notification for a completed or failed job, nothing for the events in
 * between (those reach the user live over the WebSocket only).
 *
 * @param data the outcome as JSON: {@code result} or {@code error}, and the {@code attempt} it came from
 */
public record NewNotification(String userId, String kind, String title, String body, UUID jobId, String jobType,
        UUID eventId, ObjectNode data) {

    public static final String KIND_COMPLETED = JobEventType.COMPLETED.wireName();
    public static final String KIND_FAILED = JobEventType.FAILED.wireName();
    /** The seed's name for a document's final outcome, completed or failed. */
    public static final String KIND_DOCUMENT_PROCESSED = "document_processed";

    /** True if events of {@code type} may make a notification (whether one does depends on the event too). */
    public static boolean mayTell(JobEventType type) {
        return type == JobEventType.COMPLETED || type == JobEventType.FAILED;
    }

    /** The notification {@code event} deserves, or empty if users are not notified of its type. */
    public static Optional<NewNotification> of(JobEvent event) {
        if (!mayTell(event.type()) || VectorizeJobType.NAME.equals(event.jobType())) {
            // a document's outcome is told by api-service's document.processed, which knows the document
            return Optional.empty();
        }
        if (event.type() == JobEventType.COMPLETED) {
            ObjectNode data = outcome(event);
            data.set("result", event.result());
            return Optional.of(new NewNotification(event.userId(), KIND_COMPLETED, NotificationText.title(event, "completed"),
                    NotificationText.completedBody(event),
                    event.jobId(), event.jobType(), event.id(), data));
        }
        if (event.type() == JobEventType.FAILED) {
            ObjectNode data = outcome(event);
            if (event.error() != null) {
                data.putObject("error")
                        .put("code", event.error().code())
                        .put("message", event.error().message());
            }
            return Optional.of(new NewNotification(event.userId(), KIND_FAILED, NotificationText.title(event, "failed"),
                    failureBody(event), event.jobId(), event.jobType(), event.id(), data));
        }
        return Optional.empty();
    }

    /** The {@code document_processed} notification: the document's outcome, with its name and counts. */
    public static NewNotification of(DocumentProcessed processed) {
        boolean completed = "completed".equals(processed.status());
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        data.put("documentId", String.valueOf(processed.documentId()));
        data.put("filename", processed.filename());
        data.put("status", processed.status());
        data.put("error", processed.error());
        data.put("processedAt", processed.processedAt() == null ? null : processed.processedAt().toString());
        data.put("chunkCount", processed.chunkCount());
        data.put("vectorCount", processed.vectorCount());
        String body = completed
                ? String.format(Locale.ROOT, "%d %s embedded; the document is searchable now.",
                        processed.chunkCount() == null ? 0 : processed.chunkCount(),
                        Integer.valueOf(1).equals(processed.chunkCount()) ? "chunk" : "chunks")
                : processed.error();
        return new NewNotification(processed.userId(), KIND_DOCUMENT_PROCESSED,
                (completed ? "Document processed: " : "Document failed: ") + processed.filename(), body,
                processed.jobId(), VectorizeJobType.NAME, processed.id(), data);
    }

    /** The error message is what the user can act on; the code is the fallback when a handler gave no message. */
    private static String failureBody(JobEvent event) {
        if (event.error() == null) {
            return "The job failed without an error description.";
        }
        if (event.error().message() != null && !event.error().message().isBlank()) {
            return event.error().message();
        }
        return event.error().code();
    }

    private static ObjectNode outcome(JobEvent event) {
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        data.put("attempt", event.attempt());
        return data;
    }
}
