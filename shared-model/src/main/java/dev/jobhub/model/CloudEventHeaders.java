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
    /** The CloudEvents {@code type} attribute: the message type, readable without decoding the value. */
    public static final String TYPE = "ce_type";
    /**
     * The {@code userid} extension attribute: the user the message is about (the job's owner), so a consumer can
     * route or skip a record by user without decoding its value. Absent on messages of no user and on records of
     * producers older than the attribute.
     */
    public static final String USER_ID = "ce_userid";

    /** Headers for {@code message}, produced by {@code source} (a URI reference, e.g. {@code /jobhub/worker-service}). */
    public static Map<String, byte[]> of(JobMessage message, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, "ce_specversion", SPEC_VERSION);
        put(headers, "ce_id", message.id().toString());
        put(headers, "ce_source", source);
        put(headers, TYPE, message.typeName());
        put(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(message.occurredAt()));
        put(headers, "ce_subject", message.jobId().toString());
        if (message.userId() != null) {
            put(headers, USER_ID, message.userId());
        }
        put(headers, "content-type", CONTENT_TYPE);
        return headers;
    }

    private static void put(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private CloudEventHeaders() {
    }
}
