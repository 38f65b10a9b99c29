package dev.jobhub.api.job;

import dev.jobhub.api.dispatch.Dispatcher;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Submission, lookup and listing of jobs. */
@ApplicationScoped
public class JobService {

    /** The first event of a job (job.queued) has sequence 1 and belongs to attempt 1. */
    static final long QUEUED_SEQUENCE = 1;
    /** The states in which a job holds its singleton key (those of the partial unique index jobs_singleton). */
    public static final List<JobState> UNFINISHED = List.of(JobState.QUEUED, JobState.DELAYED, JobState.ACTIVE,
            JobState.RETRYING);
    static final String SINGLETON_INDEX = "jobs_singleton";

    private final Dispatcher dispatcher;
    private final long defaultTimeoutMs;

    public JobService(Dispatcher dispatcher,
            @ConfigProperty(name = "jobhub.jobs.default-timeout") Duration defaultTimeout) {
        this.dispatcher = dispatcher;
        this.defaultTimeoutMs = defaultTimeout.toMillis();
    }

    /**
     * Creates one job in the caller's transaction (or a new one). An immediate job whose priority queue is running is
     * dispatched here: its {@code job.queued} event and the command of its first attempt go to the outbox in the
     * same transaction, so once this commits the job cannot be lost, whether or not Kafka is reachable now. A delayed
     * job (state delayed, run_at set) and a job of a paused queue (queued, dispatched_at NULL) are left to the
     * dispatcher.
     *
     * @throws SingletonConflict (as the Uni's failure) if an unfinished job of the same type holds the singleton key;
     *         a concurrent duplicate that passes this check fails at commit on the unique index jobs_singleton
     *         (see {@link #isSingletonViolation})
     */
    @WithTransaction
    public Uni<Job> submit(String userId, JobSubmissionValidator.ValidSubmission valid) {
        return submitAll(userId, List.of(valid)).map(jobs -> jobs.get(0));
    }

    /**
     * Creates the jobs in order, all in the caller's transaction (or a new one): all or nothing. The rows and the
     * outbox messages of those dispatched at once are written with one statement ({@link JobInsert}), whatever the
     * number of jobs.
     */
    @WithTransaction
    public Uni<List<Job>> submitAll(String userId, List<JobSubmissionValidator.ValidSubmission> submissions) {
        Instant now = Instant.now();
        List<Job> jobs = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            // a microsecond apart, so that creation order is request order
            jobs.add(newJob(userId, submissions.get(i), now.plusNanos(1_000L * i)));
        }
        List<Outbox.Outgoing> dispatch = new ArrayList<>();
        jobs.stream().filter(job -> job.state == JobState.QUEUED).forEach(job -> dispatch.addAll(dispatcher.messages(
                job.id, job.userId, job.type, job.priority, job.payload, QUEUED_SEQUENCE, job.attempt,
                job.maxAttempts, job.timeoutMs)));
        return ensureSingletonsFree(jobs)
                .chain(() -> JobInsert.insert(jobs, dispatch))
                .replaceWith(jobs);
    }

    /**
     * A new job, as the API answers it: queued, or delayed until its run_at. Whether a queued one is dispatched at once
     * (its queue runs) or parked for the dispatcher (its queue is paused) is decided as it is written.
     */
    private Job newJob(String userId, JobSubmissionValidator.ValidSubmission valid, Instant now) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.userId = userId;
        job.type = valid.submission().type();
        job.priority = valid.priority();
        job.payload = valid.submission().payload();
        job.attempt = 1;
        job.maxAttempts = valid.maxAttempts();
        job.timeoutMs = valid.timeoutMs() != null ? valid.timeoutMs() : defaultTimeoutMs;
        job.backoff = valid.backoff();
        job.singletonKey = valid.singletonKey();
        job.scheduleId = valid.scheduleId();
        job.createdAt = now;
        job.updatedAt = now;
        if (valid.isDelayed()) {
            job.state = JobState.DELAYED;
            job.runAt = valid.runAt();
        } else {
            job.state = JobState.QUEUED;
        }
        return job;
    }

    /** Fails with the SingletonConflict of the first job whose key an unfinished job holds (rare: one query each). */
    private static Uni<Void> ensureSingletonsFree(List<Job> jobs) {
        Uni<Void> checked = Uni.createFrom().voidItem();
        for (Job job : jobs) {
            if (job.singletonKey != null) {
                checked = checked.chain(() -> ensureSingletonFree(job));
            }
        }
        return checked;
    }

    private static Uni<Void> ensureSingletonFree(Job job) {
        return unfinishedWithKey(job.type, job.singletonKey).invoke(existing -> {
            if (existing != null) {
                throw new SingletonConflict(job.type, job.singletonKey, existing);
            }
        }).replaceWithVoid();
    }

    /** The id of the unfinished job of {@code type} holding {@code singletonKey}, or null. */
    static Uni<UUID> unfinishedWithKey(String type, String singletonKey) {
        return Job.<Job>find("type = ?1 and singletonKey = ?2 and state in ?3", type, singletonKey, UNFINISHED)
                .firstResult()
                .map(job -> job == null ? null : job.id);
    }

    /** After a failed submission: the SingletonConflict to answer if it lost a race for a singleton key, else null. */
    @WithSession
    public Uni<SingletonConflict> singletonConflictOf(Throwable failure,
            List<JobSubmissionValidator.ValidSubmission> submissions) {
        if (!isSingletonViolation(failure)) {
            return Uni.createFrom().nullItem();
        }
        // the violation does not say which key: the first one that is taken now is the one
        Uni<SingletonConflict> found = Uni.createFrom().nullItem();
        for (JobSubmissionValidator.ValidSubmission valid : submissions) {
            if (valid.singletonKey() == null) {
                continue;
            }
            String type = valid.submission().type();
            found = found.chain(conflict -> conflict != null ? Uni.createFrom().item(conflict)
                    : unfinishedWithKey(type, valid.singletonKey()).map(id -> id == null ? null
                            : new SingletonConflict(type, valid.singletonKey(), id)));
        }
        return found;
    }

    public static boolean isSingletonViolation(Throwable failure) {
        return PgErrors.isUniqueViolation(failure, SINGLETON_INDEX);
    }

    @WithSession
    public Uni<Job> find(UUID id) {
        return Job.findById(id);
    }

    /** A page of jobs, in the query's order; {@code ownerId} null means every user's (admins). */
    @WithSession
    public Uni<JobPage> list(String ownerId, JobQuery query) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        String userId = ownerId != null ? ownerId : query.userId();
        if (userId != null) {
            conditions.add("userId = :userId");
            parameters.put("userId", userId);
        }
        if (query.state() != null) {
            conditions.add("state = :state");
            parameters.put("state", query.state());
        }
        if (query.type() != null) {
            conditions.add("type = :type");
            parameters.put("type", query.type());
        }
        if (query.from() != null) {
            conditions.add("createdAt >= :from");
            parameters.put("from", query.from());
        }
        if (query.to() != null) {
            conditions.add("createdAt < :to");
            parameters.put("to", query.to());
        }
        if (query.jobId() != null) {
            conditions.add("id = :id");
            parameters.put("id", query.jobId());
        } else if (query.typePrefix() != null) {
            conditions.add("type like :typePrefix escape '!'");
            parameters.put("typePrefix", JobQuery.likePrefix(query.typePrefix()));
        }
        String where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        Map<String, Object> listParameters = new HashMap<>(parameters);
        if (query.sort().field() == JobQuery.SortField.PRIORITY) {
            listParameters.put("high", Priority.HIGH);
            listParameters.put("normal", Priority.NORMAL);
        }
        var found = Job.<Job>find(where + " order by " + query.sort().orderBy(), listParameters)
                .page(query.page() - 1, query.limit());
        return found.list().flatMap(jobs -> Job.count(where, parameters).map(total -> new JobPage(
                jobs.stream().map(JobView::of).toList(),
                JobPage.Pagination.of(query.page(), query.limit(), total))));
    }
}
