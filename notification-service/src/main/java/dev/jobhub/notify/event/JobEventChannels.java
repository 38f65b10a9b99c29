package dev.jobhub.notify.event;

/**
 * This service's subscription to {@code jobs.events} (configured in application.properties): one consumer group
 * shared by every instance, so each event is stored once, with its notification and its place in its user's live
 * stream. Every instance then follows the stream in PostgreSQL (dev.jobhub.notify.stream.StreamTailer) for the
 * clients connected to it: what a Socket.IO deployment needs a Redis adapter for.
 */
public final class JobEventChannels {

    public static final String STORE = "job-events-store";

    /**
     * The webhook intake: a consumer group of its own (dev.jobhub.notify.webhook.WebhookIntake), so webhooks add no
     * work or latency to the store path.
     */
    public static final String WEBHOOKS = "job-events-webhooks";

    private JobEventChannels() {
    }
}
