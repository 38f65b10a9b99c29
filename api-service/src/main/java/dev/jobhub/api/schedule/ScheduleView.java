package dev.jobhub.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A schedule as the API shows it.
 *
 * @param nextRunAt the tick it fires next (null while disabled)
 * @param lastRunAt when it last fired
 * @param lastJobId the job its last firing created
 * @param lastError why its last firing created no job (null after a good firing)
 */
public record ScheduleView(UUID id, String userId, String name, String cron, String timezone, String jobType,
        JsonNode payload, String priority, Integer maxAttempts, boolean enabled, Instant nextRunAt, Instant lastRunAt,
        UUID lastJobId, String lastError, Instant createdAt, Instant updatedAt) {

    public static ScheduleView of(Schedule s) {
        return new ScheduleView(s.id, s.userId, s.name, s.cron, s.timezone, s.jobType, s.payload, s.priority,
                s.maxAttempts, s.enabled, s.nextRunAt, s.lastRunAt, s.lastJobId, s.lastError, s.createdAt,
                s.updatedAt);
    }

    /** The answer of {@code GET /api/schedules}. */
    public record Listing(List<ScheduleView> data) {
    }
}
