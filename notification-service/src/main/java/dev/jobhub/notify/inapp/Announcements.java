package dev.jobhub.notify.inapp;

import dev.jobhub.notify.delivery.NotificationPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends an announcement: one notification per recipient, delivered on each recipient's channels as they chose, in
 * one transaction. "All" is every user this service knows: who has had a notification, a profile or preferences.
 */
@ApplicationScoped
public class Announcements {

    private final Pool pool;
    private final NotificationPublisher publisher;

    public Announcements(Pool pool, NotificationPublisher publisher) {
        this.pool = pool;
        this.publisher = publisher;
    }

    /** Lazy: a new transaction on every subscription. @return how many notifications were written now */
    public Uni<Integer> send(Announcement announcement) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> recipients(connection, announcement)
                .chain(users -> publisher.publishWithin(connection,
                        users.stream().map(announcement::to).toList(), List.of()))
                .map(List::size)));
    }

    private static Uni<List<String>> recipients(SqlConnection connection, Announcement announcement) {
        if (!announcement.all()) {
            return Uni.createFrom().item(announcement.userIds());
        }
        return connection.query("""
                        SELECT user_id FROM notify.notifications
                        UNION SELECT user_id FROM notify.user_profiles
                        UNION SELECT user_id FROM notify.notification_preferences""")
                .execute()
                .map(rows -> {
                    List<String> users = new ArrayList<>(rows.size());
                    rows.forEach(row -> users.add(row.getString("user_id")));
                    return users;
                });
    }
}
