package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.ProblemException;
import java.util.Arrays;
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

    public static Channel parse(String value, String field) {
        return Arrays.stream(values()).filter(channel -> channel.wireName.equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("'" + field + "' must be one of "
                        + Arrays.stream(values()).map(Channel::wireName).toList() + ", got '" + value + "'", field));
    }

    public static List<Channel> all() {
        return List.of(values());
    }
}
