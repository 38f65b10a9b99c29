package dev.jobhub.notify.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a {@code jobs.events} record as a {@link JobEvent} (and a record of any other contract message, such as
 * {@code document.processed}, the same way). A record that is not one (not JSON, an unknown type, no
 * id, job or user) can never be processed however often it is retried: it is logged and skipped, so it cannot stall
 * its partition.
 */
@ApplicationScoped
public class JobEventDecoder {

    private final MeterRegistry meters;

    public JobEventDecoder(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param consumer which subscription reads the record, for logs and metrics */
    public Optional<JobEvent> decode(ConsumerRecord<String, byte[]> record, String consumer) {
        return decode(record, consumer, JobEvent.class, JobEventDecoder::missingField);
    }

    /**
     * Reads a record of another contract message the same way: {@code problem} names what makes a decoded value
     * unusable (empty if nothing does); such a record, like one that is not JSON, is logged and counted, and skipped.
     */
    public <T> Optional<T> decode(ConsumerRecord<String, byte[]> record, String consumer, Class<T> type,
            Function<T, Optional<String>> problem) {
        Optional<String> found;
        T value = null;
        if (record.value() == null) {
            found = Optional.of("no value");
        } else {
            try {
                value = JobJsonCodec.fromBytes(record.value(), type);
                found = problem.apply(value);
            } catch (IllegalArgumentException e) {
                found = Optional.of(e.getMessage());
            }
        }
        if (found.isPresent()) {
            return skip(record, consumer, found.get());
        }
        return Optional.of(value);
    }

    /**
     * Reads only the job, type, attempt and sequence of a {@code jobs.events} record, with the streaming parser: a
     * fraction of the cost of binding the whole event, for the events whose other fields a consumer does not need. A
     * record without them is logged, counted and skipped like any malformed record.
     */
    public Optional<JobEventHead> decodeHead(ConsumerRecord<String, byte[]> record, String consumer) {
        if (record.value() == null) {
            return skip(record, consumer, "no value");
        }
        UUID jobId = null;
        JobEventType type = null;
        int attempt = 0;
        long sequence = 0;
        try (JsonParser parser = JobJsonCodec.mapper().getFactory().createParser(record.value())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return skip(record, consumer, "not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "jobId" -> jobId = UUID.fromString(parser.getText());
                    case "type" -> type = JobEventType.fromWire(parser.getText());
                    case "attempt" -> attempt = parser.getIntValue();
                    case "sequence" -> sequence = parser.getLongValue();
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return skip(record, consumer, "not a valid JobEvent: " + e.getMessage());
        }
        if (type == null) {
            return skip(record, consumer, "no type");
        }
        if (jobId == null) {
            return skip(record, consumer, "no jobId");
        }
        return Optional.of(new JobEventHead(jobId, type, attempt, sequence));
    }

    private <T> Optional<T> skip(ConsumerRecord<String, byte[]> record, String consumer, String problem) {
        // the value is not logged: it may be large, and it is not ours to print
        Log.warnf("skipping malformed record %s-%d@%d (key %s) on %s: %s", record.topic(), record.partition(),
                record.offset(), record.key(), consumer, problem);
        meters.counter("jobhub.notify.events.malformed", "consumer", consumer).increment();
        return Optional.empty();
    }

    /** The fields every consumer relies on; anything else may be absent. */
    static Optional<String> missingField(JobEvent event) {
        if (event.id() == null) {
            return Optional.of("no id");
        }
        if (event.type() == null) {
            return Optional.of("no type");
        }
        if (event.jobId() == null) {
            return Optional.of("no jobId");
        }
        if (event.userId() == null || event.userId().isBlank()) {
            return Optional.of("no userId");
        }
        return Optional.empty();
    }
}
