package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.inapp.NotificationRepository.ReadFilter;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** A user's inbox: storing notifications exactly once per event, listing them, marking them read. */
@ApplicationScoped
public class NotificationService {

    private final NotificationRepository notifications;
    private final ProcessedEventRepository processedEvents;

    public NotificationService(NotificationRepository notifications, ProcessedEventRepository processedEvents) {
        this.notifications = notifications;
        this.processedEvents = processedEvents;
    }

    /**
     * Stores the notification unless its event was processed before. The notification and the processed-event row
     * commit in one transaction, so either both exist or neither does: a redelivered event is skipped, and an event
     * whose transaction failed is stored when it is retried. Two instances racing on the same event (during a
     * rebalance) collide on the processed_events primary key; the loser's retry then finds the row and skips.
     *
     * <p>The returned Uni is lazy and opens a new transaction on every subscription, so a caller may retry it.
     *
     * @return true if stored, false if the event had been processed already
     */
    public Uni<Boolean> storeOnce(NewNotification notification) {
        return Panache.withTransaction(() -> processedEvents.findById(notification.eventId())
                .chain(seen -> seen != null
                        ? Uni.createFrom().item(false)
                        : processedEvents.persist(ProcessedEvent.of(notification.eventId()))
                                .chain(() -> notifications.persist(toEntity(notification)))
                                .replaceWith(true)));
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

    private static Notification toEntity(NewNotification draft) {
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.userId = draft.userId();
        notification.kind = draft.kind();
        notification.title = draft.title();
        notification.body = draft.body();
        notification.jobId = draft.jobId();
        notification.jobType = draft.jobType();
        notification.eventId = draft.eventId();
        notification.data = draft.data() == null ? null : JobJsonCodec.toJson(draft.data());
        notification.createdAt = Instant.now();
        return notification;
    }
}
