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

    public Uni<List<Notification>> page(String userId, ReadFilter filter, int pageIndex, int limit) {
        return find(filter.where(), NEWEST_FIRST, Parameters.with("userId", userId))
                .page(Page.of(pageIndex, limit))
                .list();
    }

    public Uni<Long> count(String userId, ReadFilter filter) {
        return count(filter.where(), Parameters.with("userId", userId));
    }

    public Uni<Notification> findOwned(UUID id, String userId) {
        return find("id = :id and userId = :userId", Parameters.with("id", id).and("userId", userId)).firstResult();
    }

    /** @return how many notifications became read */
    public Uni<Integer> markAllRead(String userId, Instant at) {
        return update("readAt = :at where userId = :userId and readAt is null",
                Parameters.with("at", at).and("userId", userId));
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
