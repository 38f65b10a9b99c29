package dev.jobhub.api.outbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
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

    /**
     * The record type of {@link #rowsJson}, for {@code jsonb_to_recordset(…) AS o(…)}: a statement that inserts outbox
     * rows of its own selects {@code o.topic, o.message_key, o.message_id, o.headers, convert_to(o.payload, 'UTF8'),
     * o.created_at} in {@code o.ord} order.
     */
    public static final String ROW_TYPE = """
            ord int, topic text, message_key text, message_id uuid, headers jsonb, payload text, created_at timestamptz""";

    /** A message and the topic it goes to. */
    public record Outgoing(String topic, JobMessage message) {
    }

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

    /**
     * The outbox rows of {@code messages} as one JSON array (of {@link #ROW_TYPE}), for a statement that inserts them
     * together with what they belong to; {@code ord} keeps list order (the relay publishes by id, so a job's queued
     * event stays ahead of its command).
     */
    public static String rowsJson(List<Outgoing> messages) {
        ArrayNode rows = JobJsonCodec.mapper().createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            Row row = Row.of(messages.get(i).topic(), messages.get(i).message());
            ObjectNode json = rows.addObject();
            json.put("ord", i);
            json.put("topic", row.topic());
            json.put("message_key", row.key());
            json.put("message_id", row.messageId().toString());
            ObjectNode headers = json.putObject("headers");
            row.headers().forEach(headers::put);
            json.put("payload", new String(row.payload(), StandardCharsets.UTF_8));
            json.put("created_at", row.createdAt().toString());
        }
        return JobJsonCodec.toJson(rows);
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
