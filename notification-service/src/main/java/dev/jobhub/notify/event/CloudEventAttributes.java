package dev.jobhub.notify.event;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobEventType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents attributes of a record that say what it is and whom it concerns without decoding its value: the
 * consumers decide from them which records they need to decode at all. A record of an older producer may lack
 * them; a consumer then decodes the value as before.
 */
public final class CloudEventAttributes {

    private CloudEventAttributes() {
    }

    /** The event type of {@code ce_type}, or empty if the header is absent or names no job event type. */
    public static Optional<JobEventType> eventType(ConsumerRecord<?, ?> record) {
        String type = text(record, CloudEventHeaders.TYPE);
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobEventType.fromWire(type));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** The job owner of {@code ce_userid}, or null if the header is absent or empty. */
    public static String userId(ConsumerRecord<?, ?> record) {
        String userId = text(record, CloudEventHeaders.USER_ID);
        return userId == null || userId.isEmpty() ? null : userId;
    }

    /** The message id of {@code ce_id}, or null if the header is absent or not a UUID. */
    public static UUID id(ConsumerRecord<?, ?> record) {
        return uuid(text(record, "ce_id"));
    }

    /** The job of {@code ce_subject}, or null if the header is absent or not a UUID. */
    public static UUID subject(ConsumerRecord<?, ?> record) {
        return uuid(text(record, "ce_subject"));
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
