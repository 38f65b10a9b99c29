package dev.jobhub.model;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents 1.0 attributes of a message in Kafka binary content mode: the JSON message is the record value,
 * the attributes are {@code ce_}-prefixed headers. Any CloudEvents SDK reads such a record; the body alone is
 * enough for a consumer that ignores CloudEvents.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    /** Headers for {@code message}, produced by {@code source} (a URI reference, e.g. {@code /jobhub/worker-service}). */
    public static Map<String, byte[]> of(JobMessage message, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, "ce_specversion", SPEC_VERSION);
        put(headers, "ce_id", message.id().toString());
        put(headers, "ce_source", source);
        put(headers, "ce_type", message.typeName());
        put(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(message.occurredAt()));
        put(headers, "ce_subject", message.jobId().toString());
        put(headers, "content-type", CONTENT_TYPE);
        return headers;
    }

    private static void put(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private CloudEventHeaders() {
    }
}
