package dev.jobhub.notify.preference;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's choice for one notification type on one channel, as the API shows it. {@code critical} types are
 * delivered whatever {@code enabled} says, and never held for a digest.
 */
public record Preference(UUID id, String type, String channel, boolean enabled, boolean critical, String digest,
        int digestHour, int digestWeekday, String timezone, Instant updatedAt) {

    static final String COLUMNS = "p.id, p.type, p.channel, p.enabled, t.critical, p.digest, p.digest_hour, "
            + "p.digest_weekday, p.timezone, p.updated_at";

    static Preference of(Row row) {
        return new Preference(row.getUUID("id"), row.getString("type"), row.getString("channel"),
                row.getBoolean("enabled"), row.getBoolean("critical"), row.getString("digest"),
                row.getInteger("digest_hour"), row.getInteger("digest_weekday"), row.getString("timezone"),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
