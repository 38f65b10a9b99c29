package dev.jobhub.notify.event;

/**
 * The subscription of this service to {@code notifications.requests}: messages other services address to users
 * ({@code document.processed} from api-service), one consumer group shared by every instance so each is stored once.
 */
public final class NotificationRequestChannels {

    public static final String STORE = "notification-requests-store";

    private NotificationRequestChannels() {
    }
}
