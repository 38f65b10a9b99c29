package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** States of a job. queued → active → completed | failed | cancelled; delayed and retrying wait for a run_at. */
public enum JobState {
    QUEUED,
    DELAYED,
    ACTIVE,
    RETRYING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** A job in a final state never changes again (except by an explicit manual retry). */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobState fromWire(String value) {
        for (JobState state : values()) {
            if (state.wireName().equalsIgnoreCase(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state: " + value);
    }
}
