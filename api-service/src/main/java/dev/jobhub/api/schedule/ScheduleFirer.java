package dev.jobhub.api.schedule;

import dev.jobhub.api.job.JobRecord;
import dev.jobhub.api.job.JobService;
import dev.jobhub.api.job.JobSubmissionValidator;
import dev.jobhub.api.job.SingletonConflict;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fires due schedules. Each firing is one transaction that locks the due schedule row
 * ({@code FOR UPDATE SKIP LOCKED}), submits its job and advances {@code next_run_at}: a tick fires once however
 * many replicas run this at the same moment; a replica that finds the row locked skips it, and once the firing
 * commits the row is no longer due.
 *
 * <p>Misfires: after downtime a schedule fires once for all the ticks it missed, then continues with the first
 * tick after now (no catch-up burst).
 *
 * <p>Not a bean: the loop ({@link ScheduleFiringLoop}) holds one on the system clock; tests build their own on a
 * clock they move, and several at once to stand in for replicas.
 */
public class ScheduleFirer {

    private static final String LOCK_DUE = """
            SELECT * FROM schedules
            WHERE id = :id AND enabled AND next_run_at <= :now
            FOR UPDATE SKIP LOCKED
            """;

    private static final String LOCK_NEXT_DUE = """
            SELECT * FROM schedules
            WHERE enabled AND next_run_at <= :now
            ORDER BY next_run_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """;

    private final JobService jobs;
    private final ScheduleValidator validator;
    private final InstantSource clock;
    private final int batchSize;

    public ScheduleFirer(JobService jobs, ScheduleValidator validator, InstantSource clock, int batchSize) {
        this.jobs = jobs;
        this.validator = validator;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Fires every schedule that is due and not being fired elsewhere, each in its own transaction, at most
     * {@code batchSize} per call. Needs a Vert.x context (Hibernate Reactive).
     *
     * @return how many schedules this call fired
     */
    public Uni<Integer> fireDue() {
        return fireFrom(0);
    }

    private Uni<Integer> fireFrom(int fired) {
        if (fired >= batchSize) {
            return Uni.createFrom().item(fired);
        }
        AtomicReference<UUID> firing = new AtomicReference<>();
        return Panache.withTransaction(() -> fireNextDue(firing))
                .onFailure(failure -> firing.get() != null)
                .recoverWithUni(failure -> skipTick(firing.get(), failure))
                .flatMap(any -> any ? fireFrom(fired + 1) : Uni.createFrom().item(fired));
    }

    /** @return false if no schedule is due (or every due one is locked by another firer) */
    private Uni<Boolean> fireNextDue(AtomicReference<UUID> firing) {
        Instant now = clock.instant();
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK_NEXT_DUE, Schedule.class)
                        .setParameter("now", now)
                        .getSingleResultOrNull())
                .flatMap(schedule -> {
                    if (schedule == null) {
                        return Uni.createFrom().item(false);
                    }
                    firing.set(schedule.id);
                    return fire(schedule, now).replaceWith(true);
                });
    }

    /**
     * The firing of a schedule failed and was rolled back: left due, it would be picked first again on every round
     * and hold up every other schedule. Unless the database itself is away (then this fails too and the round
     * ends), the tick is given up and the error recorded on the schedule.
     */
    private Uni<Boolean> skipTick(UUID scheduleId, Throwable failure) {
        Log.errorf(failure, "firing schedule %s failed; skipping its tick", scheduleId);
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(LOCK_DUE, Schedule.class)
                        .setParameter("id", scheduleId)
                        .setParameter("now", now)
                        .getSingleResultOrNull())
                .map(schedule -> {
                    if (schedule != null) {
                        advance(schedule, now);
                        schedule.lastError = "firing failed: " + failure.getMessage();
                    }
                    return true;
                }));
    }

    /** Moves the schedule past the tick it fires now. */
    private static void advance(Schedule schedule, Instant now) {
        // from now, not from the tick fired: after downtime the missed ticks collapse into this one firing
        schedule.nextRunAt = CronSchedule.parse(schedule.cron).next(now, ZoneId.of(schedule.timezone)).orElse(null);
        if (schedule.nextRunAt == null) {
            schedule.enabled = false;
        }
        schedule.lastRunAt = now;
        schedule.updatedAt = now;
    }

    private Uni<Void> fire(Schedule schedule, Instant now) {
        advance(schedule, now);
        JobSubmissionValidator.ValidSubmission submission;
        try {
            submission = validator.submissionFor(schedule);
        } catch (ProblemException e) {
            // the schedule stays and keeps its timing; its owner sees why no job came in lastError
            Log.warnf("schedule %s fired without a job: %s", schedule.id, e.getMessage());
            schedule.lastError = e.getMessage();
            return Uni.createFrom().voidItem();
        }
        return jobs.submit(schedule.userId, submission.withScheduleId(schedule.id))
                .invoke(job -> record(schedule, job))
                .replaceWithVoid()
                // the job of an earlier tick still holds the singleton key (e.g. a long schema rebuild): this tick
                // has nothing to add; it is skipped, and the schedule keeps firing
                .onFailure(SingletonConflict.class).recoverWithItem(conflict -> {
                    SingletonConflict taken = (SingletonConflict) conflict;
                    Log.infof("schedule %s skipped a tick: job %s still holds its singleton key", schedule.id,
                            taken.existingJobId());
                    schedule.lastError = "skipped: job " + taken.existingJobId() + " (same singletonKey) is unfinished";
                    return null;
                });
    }

    private static void record(Schedule schedule, JobRecord job) {
        schedule.lastJobId = job.id();
        schedule.lastError = null;
        Log.debugf("schedule %s fired job %s", schedule.id, job.id());
    }
}
