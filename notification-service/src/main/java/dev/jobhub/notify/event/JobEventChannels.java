package dev.jobhub.notify.event;

/**
 * The two subscriptions of this service to {@code jobs.events} (configured in application.properties).
 *
 * <ul>
 * <li>{@link #STORE}: one consumer group shared by every instance, so each event is stored once;</li>
 * <li>{@link #PUSH}: a consumer group per instance, so every instance sees every event and can push it to the
 * WebSocket clients connected to it (what a Socket.IO deployment needs a Redis adapter for).</li>
 * </ul>
 */
public final class JobEventChannels {

    public static final String STORE = "job-events-store";
    public static final String PUSH = "job-events-push";

    private JobEventChannels() {
    }
}
