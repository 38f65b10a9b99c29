package dev.jobhub.api.outbox;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Appends messages to the outbox inside the caller's transaction: a Hibernate Reactive one ({@link #append(String,
 * JobMessage)}) or a Vert.x SQL one ({@link #append(SqlConnection, String, JobMessage)}). Both write the same row.
 */
@ApplicationScoped
public class Outbox {

    public static final String SOURCE = "/jobhub/api-service";

    private static final String INSERT = """
            INSERT INTO outbox (topic, message_key, message_id, headers, payload, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """;

    /** One outbox row: what the relay publishes (topic, key = job id, CloudEvents headers, JSON value). */
    record Row(String topic, String key, UUID messageId, Map<String, String> headers, byte[] payload,
            Instant createdAt) {

        static Row of(String topic, JobMessage message) {
            return new Row(topic, message.jobId().toString(), message.id(), Outbox.headers(message),
                    JobJsonCodec.toBytes(message), Instant.now());
        }
    }

    /** Queues {@code message} for {@code topic}, keyed by its job id; commits or rolls back with the caller. */
    public Uni<Void> append(String topic, JobMessage message) {
        Row row = Row.of(topic, message);
        OutboxMessage entity = new OutboxMessage();
        entity.topic = row.topic();
        entity.messageKey = row.key();
        entity.messageId = row.messageId();
        entity.headers = row.headers();
        entity.payload = row.payload();
        entity.createdAt = row.createdAt();
        return entity.persist().replaceWithVoid();
    }

    /** The same, on a Vert.x SQL connection whose transaction the caller owns. */
    public Uni<Void> append(SqlConnection connection, String topic, JobMessage message) {
        Row row = Row.of(topic, message);
        Tuple values = Tuple.tuple()
                .addString(row.topic())
                .addString(row.key())
                .addUUID(row.messageId())
                .addValue(new JsonObject(new LinkedHashMap<String, Object>(row.headers())))
                .addBuffer(Buffer.buffer(row.payload()))
                .addOffsetDateTime(row.createdAt().atOffset(ZoneOffset.UTC));
        return connection.preparedQuery(INSERT).execute(values).replaceWithVoid();
    }

    private static Map<String, String> headers(JobMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.of(message, SOURCE)
                .forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        return headers;
    }
}
