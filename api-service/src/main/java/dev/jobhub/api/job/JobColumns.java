package dev.jobhub.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Columns of {@code api.jobs} as the reactive SQL client reads and binds them, the same for every reader of the
 * table. JSON columns are selected as text ({@code payload::text}) and parsed with the contract's mapper, so a job
 * reads the same whether the lifecycle or the API asks; timestamptz arrives as an OffsetDateTime and is bound as one.
 */
public final class JobColumns {

    private JobColumns() {
    }

    /** The JSON text of a column, or null for SQL NULL. */
    public static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JobJsonCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON text of a column bound to a contract type, or null for SQL NULL. */
    public static <T> T json(String text, Class<T> type) {
        JsonNode node = json(text);
        return node == null ? null : JobJsonCodec.bind(node, type);
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** An instant as a timestamptz parameter (the client binds no Instant). */
    public static OffsetDateTime timestamptz(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
