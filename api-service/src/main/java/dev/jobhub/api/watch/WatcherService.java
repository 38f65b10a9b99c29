package dev.jobhub.api.watch;

import dev.jobhub.api.job.Jobs;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.api.watch.JobWatcherLists.Stored;
import dev.jobhub.model.JobWatchers;
import dev.jobhub.model.Topics;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Who follows a job besides its owner. Every change locks the job's row (so changes of one job are serialised and
 * each gets the next sequence), rewrites the job's list and puts the whole new list into the outbox as
 * {@code job.watchers}, all in one transaction: the notification-service learns every list that was committed and
 * none that was not.
 */
@ApplicationScoped
public class WatcherService {

    private final Pool pool;
    private final Jobs jobs;
    private final JobWatcherLists lists;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public WatcherService(Pool pool, Jobs jobs, JobWatcherLists lists, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.jobs = jobs;
        this.lists = lists;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Adds the users who are not watchers yet; those who are stay where they are.
     *
     * @throws ProblemException 404 for a job the caller may not see, 400 for a wrong request, 409 for a finished job
     *         or a list that would grow beyond {@link JobWatchers#MAX_WATCHERS}
     */
    public Uni<WatchersView> add(UUID jobId, String callerId, boolean admin, WatcherRequest request) {
        return change(jobId, callerId, admin, (job, stored) -> {
            List<String> added = request.validUserIds(job.userId());
            if (job.state().isFinal()) {
                throw ProblemException.conflict("job " + jobId + " is " + job.state().wireName()
                        + ": it has ended, there is nothing to follow");
            }
            LinkedHashSet<String> merged = new LinkedHashSet<>(stored.watchers());
            merged.addAll(added);
            if (merged.size() > JobWatchers.MAX_WATCHERS) {
                throw ProblemException.conflict("a job has at most " + JobWatchers.MAX_WATCHERS + " watchers; job "
                        + jobId + " has " + stored.watchers().size() + " and " + (merged.size()
                        - stored.watchers().size()) + " more were asked for");
            }
            return new ArrayList<>(merged);
        });
    }

    /** @throws ProblemException 404 for a job the caller may not see or a user who does not watch it */
    public Uni<WatchersView> remove(UUID jobId, String callerId, boolean admin, String userId) {
        return change(jobId, callerId, admin, (job, stored) -> {
            if (!stored.watchers().contains(userId)) {
                throw ProblemException.notFound("watcher " + userId + " of job " + jobId);
            }
            List<String> remaining = new ArrayList<>(stored.watchers());
            remaining.remove(userId);
            return remaining;
        });
    }

    /** @throws ProblemException 404 for a job the caller may not see */
    public Uni<WatchersView> list(UUID jobId, String callerId, boolean admin) {
        return jobs.find(jobId).chain(job -> {
            if (job == null || !mayManage(job.userId(), callerId, admin)) {
                throw notFound(jobId);
            }
            return lists.read(jobId).map(stored -> new WatchersView(jobId, job.userId(), stored.watchers()));
        });
    }

    /**
     * Locks the caller's job and applies {@code change} to its list; a list that changed is written with the next
     * sequence and announced in the same transaction, an unchanged one (every user added was a watcher already) is
     * neither.
     */
    private Uni<WatchersView> change(UUID jobId, String callerId, boolean admin,
            BiFunction<JobRow, Stored, List<String>> change) {
        return pool.withTransaction(connection -> JobRow.lock(connection, jobId).chain(job -> {
            // another user's job answers exactly like a missing one, before anything about the request is said
            if (job == null || !mayManage(job.userId(), callerId, admin)) {
                throw notFound(jobId);
            }
            return lists.read(connection, jobId).chain(stored -> {
                List<String> changed = change.apply(job, stored);
                if (changed.equals(stored.watchers())) {
                    return Uni.createFrom().item(new WatchersView(jobId, job.userId(), stored.watchers()));
                }
                Stored next = stored.changedTo(changed);
                return announce(connection, job, next)
                        .replaceWith(new WatchersView(jobId, job.userId(), next.watchers()));
            });
        })).invoke(relay::wakeUp);
    }

    private Uni<Void> announce(SqlConnection connection, JobRow job, Stored next) {
        return lists.write(connection, job.id(), next).chain(() -> outbox.append(connection,
                Topics.NOTIFICATION_REQUESTS, JobWatchers.of(job.id(), job.userId(), next.sequence(),
                        next.watchers())));
    }

    /** The owner and admins; a watcher follows the job but does not manage its list. */
    private static boolean mayManage(String ownerId, String callerId, boolean admin) {
        return admin || ownerId.equals(callerId);
    }

    private static ProblemException notFound(UUID jobId) {
        return ProblemException.notFound("job " + jobId);
    }
}
