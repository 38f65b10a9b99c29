package dev.jobhub.notify.inapp;

import dev.jobhub.notify.delivery.NotificationPublisher;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's inbox: storing notifications exactly once per event, listing them, marking them read. */
@ApplicationScoped
public class NotificationService {

    private final NotificationRepository notifications;
    private final Pool pool;
    private final NotificationPublisher publisher;
    private final UnreadCounter unreadCounter;

    public NotificationService(NotificationRepository notifications, Pool pool, NotificationPublisher publisher,
            UnreadCounter unreadCounter) {
        this.notifications = notifications;
        this.pool = pool;
        this.publisher = publisher;
        this.unreadCounter = unreadCounter;
    }

    /**
     * Stores the notification unless its event was processed before. The notification and the processed-event row
     * commit in one transaction, so either both exist or neither does: a redelivered event is skipped, and an event
     * whose transaction failed is stored when it is retried.
     *
     * <p>The returned Uni is lazy and opens a new transaction on every subscription, so a caller may retry it.
     *
     * @return true if stored, false if the event had been processed already
     */
    public Uni<Boolean> storeOnce(NewNotification notification) {
        return pool.withTransaction(connection -> publisher.publishWithin(connection, List.of(notification), List.of()))
                .map(written -> written.size() == 1);
    }

    /** A page of the user's notifications, newest first, with the count of all their unread ones. */
    @WithSession
    public Uni<NotificationPage> list(String userId, PageRequest request) {
        // one session runs one statement at a time: the queries are chained, not combined
        return notifications.page(userId, request.filter(), request.type(), request.index(), request.limit())
                .chain(page -> notifications.count(userId, request.filter(), request.type())
                        .chain(total -> unreadCounter.count(userId)
                                .map(unread -> new NotificationPage(
                                        page.stream().map(NotificationView::of).toList(),
                                        unread,
                                        new NotificationPage.Pagination(request.page(), request.limit(), total,
                                                request.pages(total))))));
    }

    @WithSession
    public Uni<NotificationView> get(String userId, UUID id) {
        return owned(userId, id).map(NotificationView::of);
    }

    /**
     * Marks the notification read or unread.
     *
     * @throws ProblemException 404 if the notification does not exist or belongs to someone else
     */
    @WithTransaction
    public Uni<NotificationView> markRead(String userId, UUID id, boolean read) {
        return owned(userId, id).map(notification -> {
            if (!read) {
                notification.readAt = null; // a managed entity: flushed at commit
            } else if (notification.readAt == null) {
                notification.readAt = Instant.now();
            }
            return NotificationView.of(notification);
        });
    }

    public Uni<Long> unreadCount(String userId) {
        return unreadCounter.count(userId);
    }

    /** @throws ProblemException 404 if the notification does not exist or belongs to someone else */
    @WithTransaction
    public Uni<Void> delete(String userId, UUID id) {
        return notifications.deleteOwned(id, userId).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    private Uni<Notification> owned(String userId, UUID id) {
        return notifications.findOwned(id, userId).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("notification " + id);
    }

    /** @return how many notifications became read */
    @WithTransaction
    public Uni<Integer> markAllRead(String userId) {
        return notifications.markAllRead(userId, Instant.now());
    }
}
