package dev.jobhub.notify.event;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a {@code jobs.events} record as a {@link JobEvent}. A record that is not one (not JSON, an unknown type, no
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
        Optional<String> problem;
        JobEvent event = null;
        if (record.value() == null) {
            problem = Optional.of("no value");
        } else {
            try {
                event = JobJsonCodec.fromBytes(record.value(), JobEvent.class);
                problem = missingField(event);
            } catch (IllegalArgumentException e) {
                problem = Optional.of(e.getMessage());
            }
        }
        if (problem.isPresent()) {
            // the value is not logged: it may be large, and it is not ours to print
            Log.warnf("skipping malformed record %s-%d@%d (key %s) on %s: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), consumer, problem.get());
            meters.counter("jobhub.notify.events.malformed", "consumer", consumer).increment();
            return Optional.empty();
        }
        return Optional.of(event);
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
