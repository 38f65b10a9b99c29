package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/** The envelope every message carries, in its JSON body and as CloudEvents attributes on Kafka. */
public interface JobMessage {

    UUID id();

    int version();

    Instant occurredAt();

    UUID jobId();

    String userId();

    long sequence();

    /** The message type as it appears on the wire ({@code job.run}, {@code job.progress}, …). */
    @JsonIgnore
    default String typeName() {
        return String.valueOf(type());
    }

    Object type();
}
