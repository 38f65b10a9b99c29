package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Lifecycle event types on {@link Topics#EVENTS}, with the state each one leaves the job in. {@code job.completed},
 * {@code job.failed} and {@code job.cancelled} are final; a failed attempt that will be retried is
 * {@code job.retrying}, so a consumer never mistakes it for the end of the job.
 */
public enum JobEventType {
    QUEUED("job.queued", JobState.QUEUED),
    STARTED("job.started", JobState.ACTIVE),
    PROGRESS("job.progress", JobState.ACTIVE),
    /** An attempt failed and another will follow (after the job's backoff): not final. */
    RETRYING("job.retrying", JobState.RETRYING),
    COMPLETED("job.completed", JobState.COMPLETED),
    FAILED("job.failed", JobState.FAILED),
    CANCELLED("job.cancelled", JobState.CANCELLED);

    private final String wireName;
    private final JobState resultingState;

    JobEventType(String wireName, JobState resultingState) {
        this.wireName = wireName;
        this.resultingState = resultingState;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public JobState resultingState() {
        return resultingState;
    }

    public boolean isTerminal() {
        return resultingState.isFinal();
    }

    @JsonCreator
    public static JobEventType fromWire(String value) {
        for (JobEventType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown job event type: " + value);
    }
}
