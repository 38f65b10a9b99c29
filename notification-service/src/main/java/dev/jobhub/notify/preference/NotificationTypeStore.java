package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code notification_types} table: the types there are, and which an admin made critical. */
@ApplicationScoped
public class NotificationTypeStore {

    /** A type as the API shows it. */
    public record TypeView(String type, boolean critical, Instant updatedAt, String updatedBy) {

        static TypeView of(Row row) {
            return new TypeView(row.getString("type"), row.getBoolean("critical"),
                    row.getOffsetDateTime("updated_at").toInstant(), row.getString("updated_by"));
        }
    }

    private final Pool pool;

    public NotificationTypeStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<TypeView>> list() {
        return pool.query("SELECT * FROM notify.notification_types ORDER BY type").execute().map(rows -> {
            List<TypeView> types = new ArrayList<>();
            rows.forEach(row -> types.add(TypeView.of(row)));
            return types;
        });
    }

    public Uni<TypeView> setCritical(String type, boolean critical, String adminId) {
        return pool.preparedQuery("""
                        UPDATE notify.notification_types SET critical = $2, updated_at = now(), updated_by = $3
                         WHERE type = $1 RETURNING *""")
                .execute(Tuple.of(type, critical, adminId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("notification type " + type);
                    }
                    return TypeView.of(rows.iterator().next());
                });
    }
}
