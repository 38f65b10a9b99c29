package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An instruction about one job on {@link Topics#CONTROL} (key: job id), written by api-service and read by every
 * worker instance.
 *
 * <ul>
 * <li>{@code cancel}: stop the attempt at its next step and report {@code job.cancelled}; a worker that has not
 * started the job yet must not start it;</li>
 * <li>{@code drop}: the job's record has moved on without this attempt (e.g. a cancellation that was not
 * acknowledged in time was failed): interrupt it and publish nothing more for it.</li>
 * </ul>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobControl(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        int attempt,
        Action action,
        String reason) implements JobMessage {

    public static final String TYPE = "job.control";
    public static final int VERSION = 1;

    public enum Action {
        CANCEL,
        DROP;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Action fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public static JobControl of(Action action, UUID jobId, String userId, int attempt, String reason) {
        return new JobControl(UUID.randomUUID(), TYPE, VERSION, Instant.now(), jobId, userId, 0, attempt, action,
                reason);
    }
}
