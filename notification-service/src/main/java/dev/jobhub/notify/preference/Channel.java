package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
import java.util.List;

/** The channels a user chooses per notification type. (WebSocket and SSE carry everything live; no choice there.) */
public enum Channel {
    IN_APP("in_app"),
    EMAIL("email");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws ProblemException 400 naming {@code field} if {@code value} is not a channel */
    public static Channel parse(String value, String field) {
        return WireValues.parse(values(), Channel::wireName, value, field);
    }

    public static List<Channel> all() {
        return List.of(values());
    }
}
