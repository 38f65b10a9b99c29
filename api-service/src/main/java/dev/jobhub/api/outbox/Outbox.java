package dev.jobhub.api.outbox;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends messages to the outbox inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public static final String SOURCE = "/jobhub/api-service";

    /** Queues {@code message} for {@code topic}, keyed by its job id; commits or rolls back with the caller. */
    public Uni<Void> append(String topic, JobMessage message) {
        OutboxMessage row = new OutboxMessage();
        row.topic = topic;
        row.messageKey = message.jobId().toString();
        row.messageId = message.id();
        row.headers = headers(message);
        row.payload = JobJsonCodec.toBytes(message);
        row.createdAt = Instant.now();
        return row.persist().replaceWithVoid();
    }

    private static Map<String, String> headers(JobMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.of(message, SOURCE)
                .forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        return headers;
    }
}
