package dev.jobhub.notify.event;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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
            // the value is not logged: it may be large, and it is not ours to print
            Log.warnf("skipping malformed record %s-%d@%d (key %s) on %s: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), consumer, found.get());
            meters.counter("jobhub.notify.events.malformed", "consumer", consumer).increment();
            return Optional.empty();
        }
        return Optional.of(value);
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
