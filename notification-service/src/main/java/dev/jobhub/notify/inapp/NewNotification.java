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
 * What a user is told: a notification for a job that completed, failed or was cancelled, for a processed document,
 * or a message an admin sent; nothing for the job events in between (those reach the user live only).
 *
 * @param eventId what the notification comes from (a job event, a request message): one notification per id
 * @param data what the notification is about as JSON: {@code jobId}, {@code jobType}, the job's {@code result} or
 *        {@code error} and the {@code attempt} it came from; a document's id, name and counts
 */
public record NewNotification(String userId, NotificationType type, String title, String message, UUID jobId,
        String jobType, UUID eventId, ObjectNode data) {

    /** True if events of {@code type} may make a notification (whether one does depends on the event too). */
    public static boolean mayTell(JobEventType type) {
        return type == JobEventType.COMPLETED || type == JobEventType.FAILED || type == JobEventType.CANCELLED;
    }

    /** The notification {@code event} deserves, or empty if users are not notified of its type. */
    public static Optional<NewNotification> of(JobEvent event) {
        if (!mayTell(event.type()) || VectorizeJobType.NAME.equals(event.jobType())) {
            // a document's outcome is told by api-service's document.processed, which knows the document
            return Optional.empty();
        }
        ObjectNode data = about(event);
        return switch (event.type()) {
            case COMPLETED -> {
                data.set("result", event.result());
                yield Optional.of(new NewNotification(event.userId(), NotificationType.JOB_COMPLETED,
                        NotificationText.completedTitle(event), NotificationText.completedMessage(event),
                        event.jobId(), event.jobType(), event.id(), data));
            }
            case FAILED -> {
                if (event.error() != null) {
                    data.putObject("error")
                            .put("code", event.error().code())
                            .put("message", event.error().message());
                }
                yield Optional.of(new NewNotification(event.userId(), NotificationType.JOB_FAILED,
                        NotificationText.title(event, "failed"), failureMessage(event), event.jobId(),
                        event.jobType(), event.id(), data));
            }
            case CANCELLED -> Optional.of(new NewNotification(event.userId(), NotificationType.JOB_CANCELLED,
                    NotificationText.title(event, "cancelled"), "The job was cancelled before it finished.",
                    event.jobId(), event.jobType(), event.id(), data));
            default -> Optional.empty();
        };
    }

    /** The {@code document_processed} notification: the document's outcome, with its name and counts. */
    public static NewNotification of(DocumentProcessed processed) {
        boolean completed = "completed".equals(processed.status());
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        data.put("jobId", String.valueOf(processed.jobId()));
        data.put("jobType", VectorizeJobType.NAME);
        data.put("documentId", String.valueOf(processed.documentId()));
        data.put("filename", processed.filename());
        data.put("status", processed.status());
        data.put("error", processed.error());
        data.put("processedAt", processed.processedAt() == null ? null : processed.processedAt().toString());
        data.put("chunkCount", processed.chunkCount());
        data.put("vectorCount", processed.vectorCount());
        String message = completed
                ? String.format(Locale.ROOT, "%d %s embedded; the document is searchable now.",
                        processed.chunkCount() == null ? 0 : processed.chunkCount(),
                        Integer.valueOf(1).equals(processed.chunkCount()) ? "chunk" : "chunks")
                : processed.error();
        return new NewNotification(processed.userId(), NotificationType.DOCUMENT_PROCESSED,
                (completed ? "Document processed: " : "Document failed: ") + processed.filename(), message,
                processed.jobId(), VectorizeJobType.NAME, processed.id(), data);
    }

    /** The error message is what the user can act on; the code is the fallback when a handler gave no message. */
    private static String failureMessage(JobEvent event) {
        if (event.error() == null) {
            return "The job failed without an error description.";
        }
        if (event.error().message() != null && !event.error().message().isBlank()) {
            return event.error().message();
        }
        return event.error().code();
    }

    private static ObjectNode about(JobEvent event) {
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        data.put("jobId", String.valueOf(event.jobId()));
        data.put("jobType", event.jobType());
        data.put("attempt", event.attempt());
        return data;
    }
}
