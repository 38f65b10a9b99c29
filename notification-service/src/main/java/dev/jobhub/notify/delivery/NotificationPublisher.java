package dev.jobhub.notify.delivery;

import dev.jobhub.notify.inapp.NewNotification;
import dev.jobhub.notify.inapp.NotificationView;
import dev.jobhub.notify.inapp.NotificationWriter;
import dev.jobhub.notify.inapp.NotificationWriter.Written;
import dev.jobhub.notify.inapp.UnreadCounter;
import dev.jobhub.notify.preference.Channel;
import dev.jobhub.notify.preference.PreferenceStore;
import dev.jobhub.notify.stream.StreamLog;
import dev.jobhub.notify.stream.StreamMessage;
import dev.jobhub.notify.stream.StreamMessages;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything a batch of new notifications sets off, in the caller's transaction, so that it all happens once or not
 * at all: the notifications themselves (once per event id), their delivery on each channel as their users chose,
 * and the emails due at once in the email outbox. Whoever makes notifications (the job events, the document
 * requests, an admin's message) goes through here.
 */
@ApplicationScoped
public class NotificationPublisher {

    private final PreferenceStore preferences;
    private final NotificationWriter writer;
    private final DeliveryStore deliveries;
    private final EmailDelivery emails;
    private final StreamLog stream;
    private final UnreadCounter unreadCounts;

    public NotificationPublisher(PreferenceStore preferences, NotificationWriter writer, DeliveryStore deliveries,
            EmailDelivery emails, StreamLog stream, UnreadCounter unreadCounts) {
        this.preferences = preferences;
        this.writer = writer;
        this.deliveries = deliveries;
        this.emails = emails;
        this.stream = stream;
        this.unreadCounts = unreadCounts;
    }

    /**
     * Appends to the live streams {@code live} (the events the notifications come from), then each user's new
     * notifications and unread count: last in the transaction, where the stream's lock is held for the least time.
     */
    private Uni<Void> announce(SqlConnection connection, List<Written> written, List<StreamMessage> live) {
        List<Written> shown = written.stream().filter(Written::shown).toList();
        if (shown.isEmpty()) {
            return stream.appendWithin(connection, live);
        }
        Set<String> users = shown.stream().map(w -> w.notification().userId()).collect(Collectors.toSet());
        return unreadCounts.countsWithin(connection, users).chain(counts -> {
            List<StreamMessage> messages = new ArrayList<>(live);
            shown.forEach(w -> messages.add(StreamMessages.notification(w.notification().userId(),
                    NotificationView.of(w))));
            users.forEach(user -> messages.add(StreamMessages.unreadCount(user, counts.getOrDefault(user, 0L))));
            return stream.appendWithin(connection, messages);
        });
    }

    /**
     * @param live messages for the users' live streams that go before the notifications' own (the job events they
     *        come from)
     * @return the notifications written (an event processed before makes none)
     */
    public Uni<List<Written>> publishWithin(SqlConnection connection, List<NewNotification> notifications,
            List<StreamMessage> live) {
        if (notifications.isEmpty()) {
            return stream.appendWithin(connection, live).replaceWith(List.of());
        }
        Set<String> users = notifications.stream().map(NewNotification::userId).collect(Collectors.toSet());
        return preferences.choicesWithin(connection, users).chain(choices -> writer
                .insert(connection, notifications,
                        n -> choices.of(n.userId(), n.type().wireName(), Channel.IN_APP).delivers())
                .chain(written -> {
                    DeliveryPlan plan = DeliveryPlan.of(written, choices);
                    return deliveries.insertWithin(connection, plan.deliveries())
                            .chain(() -> emails.enqueueWithin(connection, plan.immediateEmails()))
                            .chain(() -> announce(connection, written, live))
                            .replaceWith(written);
                }));
    }
}
