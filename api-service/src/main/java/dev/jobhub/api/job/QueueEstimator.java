package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queue position and ETA of a waiting (queued or delayed) job, from the job table alone.
 *
 * <p><b>Position</b>: the waiting jobs that will be handed to a worker before this one: jobs of a higher priority,
 * plus jobs of the same priority that became ready earlier (a queued job is ready at its creation, a delayed or
 * retrying one at its run_at). "Waiting" is judged at the job's reference time {@code at}: now for a queued job, its
 * runAt for a delayed one (queued jobs, plus delayed and retrying jobs due by then). Jobs of another priority only
 * count if strictly higher: the worker's aging rule lets a long-waiting lower job overtake, which this ignores.
 *
 * <p><b>ETA</b>: {@code W} = the sum over the jobs ahead of the mean run time of their type (completed jobs that
 * finished in the last hour, else in the last 24 h, else {@code jobhub.jobs.eta.default-duration}).
 * {@code slots} = the observed capacity: max(1, jobs active now, seconds of work finished in the last 10 minutes /
 * 600 s). Then {@code estimatedStartAt = max(at, now + W / slots)} and
 * {@code estimatedFinishAt = estimatedStartAt + mean run time of the job's own type}. Work left on the active jobs
 * is not counted: the estimate is optimistic by at most one job's run time.
 */
@ApplicationScoped
public class QueueEstimator {

    private static final String ESTIMATE = """
            WITH means AS (
                SELECT type,
                       COALESCE(avg(EXTRACT(EPOCH FROM finished_at - started_at))
                                    FILTER (WHERE finished_at > now() - interval '1 hour'),
                                avg(EXTRACT(EPOCH FROM finished_at - started_at)))::float8 AS secs
                FROM jobs
                WHERE state = 'completed' AND finished_at > now() - interval '24 hours' AND started_at IS NOT NULL
                GROUP BY type),
            ahead AS (
                SELECT x.type FROM jobs x
                WHERE (x.state = 'queued' OR (x.state IN ('delayed', 'retrying') AND x.run_at <= :at))
                  AND x.id <> :id
                  AND ((CASE x.priority WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END) > :rank
                       OR (x.priority = :priority
                           AND ((CASE WHEN x.state = 'queued' THEN x.created_at ELSE x.run_at END) < :readyAt
                                OR ((CASE WHEN x.state = 'queued' THEN x.created_at ELSE x.run_at END) = :readyAt
                                    AND x.id < :id))))),
            recent AS (
                SELECT count(*) FILTER (WHERE state = 'active') AS active,
                       COALESCE(sum(EXTRACT(EPOCH FROM finished_at - started_at))
                                    FILTER (WHERE state <> 'active' AND started_at IS NOT NULL), 0) AS busy
                FROM jobs
                WHERE state = 'active'
                   OR (state IN ('completed', 'failed') AND finished_at > now() - interval '10 minutes'))
            SELECT (SELECT count(*) FROM ahead)::bigint,
                   (SELECT COALESCE(sum(COALESCE(m.secs, :guess)), 0) FROM ahead a LEFT JOIN means m ON m.type = a.type)::float8,
                   (SELECT active FROM recent)::float8,
                   (SELECT busy FROM recent)::float8 / 600.0,
                   COALESCE((SELECT secs FROM means WHERE type = :type), :guess)::float8
            """;

    private final Duration defaultDuration;

    public QueueEstimator(@ConfigProperty(name = "jobhub.jobs.eta.default-duration") Duration defaultDuration) {
        this.defaultDuration = defaultDuration;
    }

    /** Where a waiting job stands; {@code position} counts the jobs ahead of it (0 = next). */
    public record Estimate(long position, Instant estimatedStartAt, Instant estimatedFinishAt) {
    }

    public static boolean isWaiting(Job job) {
        return job.state == JobState.QUEUED || job.state == JobState.DELAYED;
    }

    /** The estimate for a waiting job, or null for any other; needs a session (runs in the caller's). */
    public Uni<Estimate> estimate(Job job) {
        if (!isWaiting(job)) {
            return Uni.createFrom().nullItem();
        }
        Instant now = Instant.now();
        boolean delayed = job.state == JobState.DELAYED && job.runAt != null;
        Instant at = delayed && job.runAt.isAfter(now) ? job.runAt : now;
        Instant readyAt = delayed ? job.runAt : job.createdAt;
        return Panache.getSession().chain(session -> session.createNativeQuery(ESTIMATE, Object[].class)
                .setParameter("at", at)
                .setParameter("id", job.id)
                .setParameter("rank", rank(job.priority))
                .setParameter("priority", job.priority.wireName())
                .setParameter("readyAt", readyAt)
                .setParameter("guess", defaultDuration.toMillis() / 1000.0)
                .setParameter("type", job.type)
                .getSingleResult())
                .map(row -> compute(now, at, ((Number) row[0]).longValue(), ((Number) row[1]).doubleValue(),
                        ((Number) row[2]).doubleValue(), ((Number) row[3]).doubleValue(),
                        ((Number) row[4]).doubleValue()));
    }

    /**
     * The formula of the class comment.
     *
     * @param work        seconds of work ahead (W)
     * @param active      jobs active now
     * @param busySlots   seconds of work finished in the last 10 minutes / 600
     * @param ownSeconds  mean run time of the job's own type
     */
    static Estimate compute(Instant now, Instant at, long position, double work, double active, double busySlots,
            double ownSeconds) {
        double slots = Math.max(1, Math.max(active, busySlots));
        Instant start = now.plusMillis(Math.round(work / slots * 1000));
        if (start.isBefore(at)) {
            start = at;
        }
        return new Estimate(position, start, start.plusMillis(Math.round(ownSeconds * 1000)));
    }

    /** The job as the API shows it, with its position and ETA while it waits. */
    @WithSession
    public Uni<JobView> view(Job job) {
        return estimate(job).map(estimate -> JobView.of(job, estimate));
    }

    static int rank(Priority priority) {
        return switch (priority) {
            case HIGH -> 3;
            case NORMAL -> 2;
            case LOW -> 1;
        };
    }
}
