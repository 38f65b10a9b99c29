package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queue position and ETA of a waiting (queued or delayed) job, from a {@link QueueSnapshot} of the job table taken
 * at most {@code jobhub.jobs.eta.refresh-every} ago, so a submission or a GET costs no query whose cost grows with the
 * backlog.
 *
 * <p><b>Position</b>: the waiting jobs that will be handed to a worker before this one: jobs of a higher priority
 * waiting at the job's reference time {@code at} (now for a queued job, its runAt for a delayed one), plus jobs of the
 * same priority that became ready earlier (a queued job is ready at its creation, a delayed or retrying one at its
 * run_at). Exact up to 10,000 waiting jobs per priority; beyond, the snapshot ranks by quantiles, within 0.5 %. The
 * worker's aging rule, which lets a long-waiting lower job overtake, is ignored.
 *
 * <p><b>ETA</b>: {@code W} = the work ahead, each waiting job counted at the mean run time of its type (over the
 * last 1,000 completed jobs of the last 24 h, else {@code jobhub.jobs.eta.default-duration}). {@code slots} = the
 * observed capacity: max(1, jobs active now, the average number of jobs running over the last 10 minutes).
 * Then {@code estimatedStartAt = max(at, now + W / slots)} and {@code estimatedFinishAt = estimatedStartAt + mean run
 * time of the job's own type}. Work left on the active jobs is not counted: the estimate is optimistic by at most one
 * job's run time.
 */
@ApplicationScoped
public class QueueEstimator {

    private final QueueSnapshots snapshots;
    private final Duration defaultDuration;

    public QueueEstimator(QueueSnapshots snapshots,
            @ConfigProperty(name = "jobhub.jobs.eta.default-duration") Duration defaultDuration) {
        this.snapshots = snapshots;
        this.defaultDuration = defaultDuration;
    }

    /** Where a waiting job stands; {@code position} counts the jobs ahead of it (0 = next). */
    public record Estimate(long position, Instant estimatedStartAt, Instant estimatedFinishAt) {
    }

    /** The estimate for a waiting job, or null for any other; reads the snapshot, never the caller's session. */
    public Uni<Estimate> estimate(JobRecord job) {
        return snapshot().map(snapshot -> estimate(snapshot, job));
    }

    /** The snapshot estimates are made from, to take before a transaction that will need one. */
    public Uni<QueueSnapshot> snapshot() {
        return snapshots.current();
    }

    /** The estimate for a waiting job from {@code snapshot}, or null for any other job. */
    public Estimate estimate(QueueSnapshot snapshot, JobRecord job) {
        if (!job.isWaiting()) {
            return null;
        }
        Instant now = Instant.now();
        boolean delayed = job.state() == JobState.DELAYED && job.runAt() != null;
        Instant at = delayed && job.runAt().isAfter(now) ? job.runAt() : now;
        Instant readyAt = delayed ? job.runAt() : job.createdAt();
        double guess = defaultDuration.toMillis() / 1000.0;
        long position = 0;
        double work = 0;
        for (Priority priority : Priority.values()) {
            QueueSnapshot.Waiting waiting = snapshot.waiting(priority);
            if (rank(priority) > rank(job.priority())) {
                long ahead = waiting.readyBefore(at.plusMillis(1));
                position += ahead;
                work += waiting.work(ahead, snapshot, guess);
            } else if (priority == job.priority()) {
                long ahead = waiting.readyBefore(readyAt);
                position += ahead;
                work += waiting.work(ahead, snapshot, guess);
            }
        }
        return compute(now, at, position, work, snapshot.active(), snapshot.busySlots(),
                snapshot.meanSeconds(job.type(), guess));
    }

    /**
     * The formula of the class comment.
     *
     * @param work        seconds of work ahead (W)
     * @param active      jobs active now
     * @param busySlots   average number of jobs running over the last 10 minutes
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
    public Uni<JobView> view(JobRecord job) {
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
