package dev.jobhub.api.schedule;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creation, lookup, change and deletion of cron schedules. {@code ownerId} null means an admin acting on every
 * user's schedules; another user's schedule answers exactly like a missing one.
 */
@ApplicationScoped
public class ScheduleService {

    @WithTransaction
    public Uni<Schedule> create(String userId, ScheduleValidator.ValidSchedule valid) {
        Instant now = Instant.now();
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.userId = userId;
        schedule.createdAt = now;
        apply(schedule, valid, now, true);
        return schedule.persist();
    }

    @WithSession
    public Uni<List<Schedule>> list(String ownerId) {
        Sort newestFirst = Sort.descending("createdAt", "id");
        return ownerId == null
                ? Schedule.<Schedule>listAll(newestFirst)
                : Schedule.<Schedule>list("userId", newestFirst, ownerId);
    }

    @WithSession
    public Uni<Schedule> find(String ownerId, UUID id) {
        return visible(ownerId, id);
    }

    /**
     * Applies {@code change} to the stored schedule and validates the result as a whole (a new payload must suit
     * the stored job type, and so on).
     */
    @WithTransaction
    public Uni<Schedule> update(String ownerId, UUID id, ScheduleChange change) {
        return visible(ownerId, id).map(schedule -> {
            ScheduleValidator.ValidSchedule valid = change.validate(ScheduleDraft.of(schedule));
            boolean timingChanged = !valid.cron().expression().equals(schedule.cron)
                    || !valid.zone().getId().equals(schedule.timezone)
                    || valid.enabled() != schedule.enabled;
            apply(schedule, valid, Instant.now(), timingChanged);
            return schedule;
        });
    }

    @WithTransaction
    public Uni<Void> delete(String ownerId, UUID id) {
        return visible(ownerId, id).flatMap(schedule -> schedule.delete());
    }

    /** Deletes the schedule in the caller's transaction (a connection deleted with its rebuild schedule). */
    public Uni<Void> deleteWithin(SqlConnection connection, UUID id) {
        return connection.preparedQuery("DELETE FROM schedules WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** A PATCH: its fields applied over a stored schedule, validated. */
    @FunctionalInterface
    public interface ScheduleChange {
        ScheduleValidator.ValidSchedule validate(ScheduleDraft stored);
    }

    private static Uni<Schedule> visible(String ownerId, UUID id) {
        return Schedule.<Schedule>findById(id).map(schedule -> {
            if (schedule == null || (ownerId != null && !ownerId.equals(schedule.userId))) {
                throw ProblemException.notFound("schedule " + id);
            }
            return schedule;
        });
    }

    /** @param retime true to compute the next run from now (new schedule, or its cron, zone or enabled changed) */
    private static void apply(Schedule schedule, ScheduleValidator.ValidSchedule valid, Instant now, boolean retime) {
        schedule.name = valid.name();
        schedule.cron = valid.cron().expression();
        schedule.timezone = valid.zone().getId();
        schedule.jobType = valid.submission().submission().type();
        schedule.payload = valid.submission().submission().payload();
        schedule.priority = valid.submission().priority().wireName();
        schedule.maxAttempts = valid.submission().maxAttempts();
        schedule.singletonKey = valid.submission().singletonKey();
        schedule.enabled = valid.enabled();
        if (retime) {
            schedule.nextRunAt = valid.enabled() ? nextRun(valid, now) : null;
        }
        schedule.updatedAt = now;
    }

    private static Instant nextRun(ScheduleValidator.ValidSchedule valid, Instant after) {
        return valid.cron().next(after, valid.zone()).orElseThrow(() -> new ProblemException(
                Problem.invalid("invalid schedule: 'cron' never fires again",
                        List.of(new Problem.FieldError("cron", "never fires again")))));
    }
}
