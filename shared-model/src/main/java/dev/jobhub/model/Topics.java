package dev.jobhub.model;

import java.util.List;

/**
 * Kafka topic names of the platform and the partition counts the services provision by default.
 * Every producer, consumer and test names topics through these constants.
 */
public final class Topics {

    public static final String COMMANDS_HIGH = "jobs.commands.high";
    public static final String COMMANDS_NORMAL = "jobs.commands.normal";
    public static final String COMMANDS_LOW = "jobs.commands.low";
    /** Cancellation and other instructions; every worker instance reads every record. */
    public static final String CONTROL = "jobs.control";
    /** Lifecycle events of every job, keyed by job id: the topic downstream consumers read. */
    public static final String EVENTS = "jobs.events";
    /** Worker liveness per active job; internal, not shown to users. */
    public static final String HEARTBEATS = "jobs.heartbeats";
    /** Jobs that exhausted their attempts. */
    public static final String DEAD_LETTER = "jobs.dead-letter";
    /**
     * Events a consumer could never apply after bounded retries (the record as it was, keyed by job id), set aside so
     * that they do not stall their partition; for an operator to look at.
     */
    public static final String EVENTS_DEAD_LETTER = "jobs.events.dead-letter";
    /** System messages addressed to users, keyed by user id. */
    public static final String NOTIFICATION_REQUESTS = "notifications.requests";

    /** A topic and the number of partitions it is created with. */
    public record TopicSpec(String name, int partitions) {
    }

    /**
     * Partition counts bound how far workers scale out: a command topic with 6 partitions keeps at
     * most 6 consumers of one group busy.
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(COMMANDS_HIGH, 6),
            new TopicSpec(COMMANDS_NORMAL, 6),
            new TopicSpec(COMMANDS_LOW, 6),
            new TopicSpec(CONTROL, 1),
            new TopicSpec(EVENTS, 6),
            new TopicSpec(HEARTBEATS, 3),
            new TopicSpec(DEAD_LETTER, 3),
            new TopicSpec(EVENTS_DEAD_LETTER, 3),
            new TopicSpec(NOTIFICATION_REQUESTS, 3));

    private Topics() {
    }
}
