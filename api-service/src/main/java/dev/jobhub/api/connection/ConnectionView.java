package dev.jobhub.api.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.schedule.Schedule;
import java.time.Instant;
import java.util.UUID;

/**
 * A connection as the API shows it: never the password, only whether there is one.
 *
 * @param rebuildSchedule the regular rebuild, or null without one
 */
public record ConnectionView(UUID id, String userId, String name, String kind, String host, int port, String database,
        String username, boolean hasPassword, String sslMode, JsonNode options, RebuildSchedule rebuildSchedule,
        Instant createdAt, Instant updatedAt) {

    /** @param nextRunAt when the schedule fires next (null while disabled) */
    public record RebuildSchedule(String cron, String timezone, UUID scheduleId, Instant nextRunAt) {
    }

    /** @param schedule the connection's rebuild schedule, or null (none, or deleted through /api/schedules) */
    static ConnectionView of(Connection c, Schedule schedule) {
        RebuildSchedule rebuild = schedule == null ? null
                : new RebuildSchedule(schedule.cron, schedule.timezone, schedule.id, schedule.nextRunAt);
        return new ConnectionView(c.id, c.userId, c.name, c.kind, c.host, c.port, c.database, c.username,
                c.passwordSealed != null, c.sslMode, c.options, rebuild, c.createdAt, c.updatedAt);
    }
}
