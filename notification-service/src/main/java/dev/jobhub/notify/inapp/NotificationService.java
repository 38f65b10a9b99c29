package dev.jobhub.notify.inapp;

import dev.jobhub.notify.inapp.NotificationRepository.ReadFilter;
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
    private final NotificationWriter writer;

    public NotificationService(NotificationRepository notifications, Pool pool, NotificationWriter writer) {
        this.notifications = notifications;
        this.pool = pool;
        this.writer = writer;
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
        return pool.withTransaction(connection -> writer.insert(connection, List.of(notification)))
                .map(written -> written == 1);
    }

    /** A page of the user's notifications, newest first, with the count of all their unread ones. */
    @WithSession
    public Uni<NotificationPage> list(String userId, PageRequest request) {
        // one session runs one statement at a time: the three queries are chained, not combined
        return notifications.page(userId, request.filter(), request.index(), request.limit())
                .chain(page -> notifications.count(userId, request.filter())
                        .chain(total -> notifications.count(userId, ReadFilter.UNREAD)
                                .map(unread -> new NotificationPage(
                                        page.stream().map(NotificationView::of).toList(),
                                        unread,
                                        new NotificationPage.Pagination(request.page(), request.limit(), total,
                                                request.pages(total))))));
    }

    /** @throws ProblemException 404 if the notification does not exist or belongs to someone else */
    @WithTransaction
    public Uni<NotificationView> markRead(String userId, UUID id) {
        return notifications.findOwned(id, userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("notification " + id))
                .map(notification -> {
                    if (notification.readAt == null) {
                        notification.readAt = Instant.now(); // a managed entity: flushed at commit
                    }
                    return NotificationView.of(notification);
                });
    }

    /** @return how many notifications became read */
    @WithTransaction
    public Uni<Integer> markAllRead(String userId) {
        return notifications.markAllRead(userId, Instant.now());
    }
}
