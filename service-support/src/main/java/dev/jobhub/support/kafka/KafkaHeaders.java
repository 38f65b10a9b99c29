package dev.jobhub.support.kafka;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobMessage;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents binary-mode headers for a message, as Kafka headers. */
public final class KafkaHeaders {

    public static Headers cloudEvent(JobMessage message, String source) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(message, source).forEach(headers::add);
        return headers;
    }

    private KafkaHeaders() {
    }
}
