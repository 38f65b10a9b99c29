package dev.jobhub.notify.inapp;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries of a user's inbox. Every query is scoped to one user: nobody reads another's notifications. */
@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    public Uni<List<Notification>> page(String userId, ReadFilter filter, NotificationType type, int pageIndex,
            int limit) {
        return find(where(filter, type), NEWEST_FIRST, parameters(userId, type))
                .page(Page.of(pageIndex, limit))
                .list();
    }

    public Uni<Long> count(String userId, ReadFilter filter, NotificationType type) {
        return count(where(filter, type), parameters(userId, type));
    }

    /** One of the notifications the user's center shows; null for any other. */
    public Uni<Notification> findOwned(UUID id, String userId) {
        return find("id = :id and userId = :userId and shown = true", Parameters.with("id", id).and("userId", userId))
                .firstResult();
    }

    /** The notifications made of a job's events, oldest first: the user's own, or everyone's for {@code userId} null. */
    public Uni<List<Notification>> ofJob(UUID jobId, String userId) {
        Sort oldestFirst = Sort.ascending("createdAt").and("id");
        return userId == null
                ? list("jobId", oldestFirst, jobId)
                : list("jobId = ?1 and userId = ?2", oldestFirst, jobId, userId);
    }

    /** @return how many notifications became read */
    public Uni<Integer> markAllRead(String userId, Instant at) {
        return update("readAt = :at where userId = :userId and readAt is null and shown = true",
                Parameters.with("at", at).and("userId", userId));
    }

    /** @return whether the user had that notification (it is gone now, its delivery log with it) */
    public Uni<Boolean> deleteOwned(UUID id, String userId) {
        return delete("id = :id and userId = :userId and shown = true", Parameters.with("id", id).and("userId", userId))
                .map(deleted -> deleted > 0);
    }

    private static String where(ReadFilter filter, NotificationType type) {
        return filter.where() + " and shown = true" + (type == null ? "" : " and type = :type");
    }

    private static Parameters parameters(String userId, NotificationType type) {
        Parameters parameters = Parameters.with("userId", userId);
        return type == null ? parameters : parameters.and("type", type.wireName());
    }

    /** Which notifications a listing shows. */
    public enum ReadFilter {
        ALL("userId = :userId"),
        UNREAD("userId = :userId and readAt is null"),
        READ("userId = :userId and readAt is not null");

        private final String where;

        ReadFilter(String where) {
            this.where = where;
        }

        String where() {
            return where;
        }
    }
}
