package dev.jobhub.notify.webhook;

import dev.jobhub.model.JobEventType;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The events an endpoint may subscribe to, as the API names them; {@code all} stands for the four job events.
 * {@code job.queued}, {@code job.started} and {@code job.retrying} are not webhook events: a receiver learns of a
 * job when it progresses or ends. {@code ping} is what {@code POST /api/webhooks/{id}/test} sends.
 */
public enum WebhookEventType {
    PROGRESS("progress", JobEventType.PROGRESS),
    COMPLETED("completed", JobEventType.COMPLETED),
    FAILED("failed", JobEventType.FAILED),
    CANCELLED("cancelled", JobEventType.CANCELLED),
    PING("ping", null);

    /** What {@code all} subscribes to. */
    public static final Set<WebhookEventType> ALL = EnumSet.of(PROGRESS, COMPLETED, FAILED, CANCELLED);

    private final String wireName;
    private final JobEventType jobEvent;

    WebhookEventType(String wireName, JobEventType jobEvent) {
        this.wireName = wireName;
        this.jobEvent = jobEvent;
    }

    public String wireName() {
        return wireName;
    }

    /** The webhook event a job event makes, or empty if it makes none. */
    public static Optional<WebhookEventType> of(JobEventType type) {
        return ALL.stream().filter(candidate -> candidate.jobEvent == type).findFirst();
    }

    public static Optional<WebhookEventType> fromWire(String value) {
        return WireValues.find(values(), WebhookEventType::wireName, value);
    }

    /**
     * The subscription an endpoint asks for: a non-empty list of the four job events' names or {@code all}.
     *
     * @throws ProblemException 400 naming {@code field} for an empty list or an unknown name
     */
    public static Set<WebhookEventType> parseSubscription(List<String> names, String field) {
        if (names == null || names.isEmpty()) {
            throw ProblemException.badRequest(field + " must name at least one of progress, completed, failed, "
                    + "cancelled or all", field);
        }
        Set<WebhookEventType> types = new LinkedHashSet<>();
        for (String name : names) {
            if ("all".equals(name)) {
                types.addAll(ALL);
            } else {
                WebhookEventType type = fromWire(name).filter(ALL::contains).orElseThrow(() -> ProblemException
                        .badRequest("unknown event type '" + name + "': progress, completed, failed, cancelled or "
                                + "all", field));
                types.add(type);
            }
        }
        return EnumSet.copyOf(types);
    }
}
