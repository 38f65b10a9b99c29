package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import java.time.Instant;
import java.util.UUID;

/**
 * The body of a webhook: {@code {id, eventType, jobId, jobname, jobType, userId, attempt, occurredAt}} and, by event,
 * {@code progress}, {@code result} or {@code error}. {@code id} is the job event's id (the same for every endpoint
 * it goes to); {@code jobname} is the job's type, the name the job has.
 */
public final class WebhookPayload {

    private WebhookPayload() {
    }

    public static String of(JobEvent event, WebhookEventType type) {
        ObjectNode body = JobJsonCodec.mapper().createObjectNode();
        body.put("id", event.id().toString());
        body.put("eventType", type.wireName());
        body.put("jobId", event.jobId().toString());
        body.put("jobname", event.jobType());
        body.put("jobType", event.jobType());
        body.put("userId", event.userId());
        body.put("attempt", event.attempt());
        body.put("occurredAt", (event.occurredAt() == null ? Instant.now() : event.occurredAt()).toString());
        switch (type) {
            case PROGRESS -> body.set("progress", JobJsonCodec.toTree(event.progress()));
            case COMPLETED -> body.set("result", event.result());
            case FAILED -> body.set("error", JobJsonCodec.toTree(event.error()));
            default -> {
                // cancelled carries nothing more
            }
        }
        return JobJsonCodec.toJson(body);
    }

    /** What {@code POST /api/webhooks/{id}/test} sends. */
    public static String ping(UUID id, UUID endpointId, String userId, Instant at) {
        ObjectNode body = JobJsonCodec.mapper().createObjectNode();
        body.put("id", id.toString());
        body.put("eventType", WebhookEventType.PING.wireName());
        body.put("webhookId", endpointId.toString());
        body.put("userId", userId);
        body.put("occurredAt", at.toString());
        return JobJsonCodec.toJson(body);
    }
}
