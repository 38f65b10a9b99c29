package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Priority of a job; it decides the command topic the job is dispatched on. */
public enum Priority {
    HIGH(Topics.COMMANDS_HIGH),
    NORMAL(Topics.COMMANDS_NORMAL),
    LOW(Topics.COMMANDS_LOW);

    private final String commandTopic;

    Priority(String commandTopic) {
        this.commandTopic = commandTopic;
    }

    public String commandTopic() {
        return commandTopic;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but high, normal or low (any case) */
    @JsonCreator
    public static Priority fromWire(String value) {
        for (Priority priority : values()) {
            if (priority.wireName().equalsIgnoreCase(value)) {
                return priority;
            }
        }
        throw new IllegalArgumentException("priority must be one of high, normal, low");
    }
}
