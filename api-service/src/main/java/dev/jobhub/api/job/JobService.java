package dev.jobhub.api.job;

import dev.jobhub.api.dispatch.Dispatcher;
import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.model.JobState;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Submission, lookup and listing of jobs. */
@ApplicationScoped
public class JobService {

    /** The first event of a job (job.queued) has sequence 1 and belongs to attempt 1. */
    static final long QUEUED_SEQUENCE = 1;
    static final String SINGLETON_INDEX = "jobs_singleton";

    private final Jobs jobs;
    private final Dispatcher dispatcher;
    private final long defaultTimeoutMs;

    public JobService(Jobs jobs, Dispatcher dispatcher,
            @ConfigProperty(name = "jobhub.jobs.default-timeout") Duration defaultTimeout) {
        this.jobs = jobs;
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
    public Uni<JobRecord> submit(String userId, JobSubmissionValidator.ValidSubmission valid) {
        return submitAll(userId, List.of(valid)).map(created -> created.get(0));
    }

    /**
     * Creates the jobs in order, all in the caller's transaction (or a new one): all or nothing. The rows and the
     * outbox messages of those dispatched at once are written with one statement ({@link JobInsert}), whatever the
     * number of jobs.
     */
    @WithTransaction
    public Uni<List<JobRecord>> submitAll(String userId, List<JobSubmissionValidator.ValidSubmission> submissions) {
        Instant now = Instant.now();
        List<JobRecord> created = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            // a microsecond apart, so that creation order is request order
            created.add(newJob(userId, submissions.get(i), now.plusNanos(1_000L * i)));
        }
        List<Outbox.Outgoing> dispatch = new ArrayList<>();
        created.stream().filter(job -> job.state() == JobState.QUEUED).forEach(job -> dispatch.addAll(
                dispatcher.messages(job.id(), job.userId(), job.type(), job.priority(), job.payload(),
                        QUEUED_SEQUENCE, job.attempt(), job.maxAttempts(), job.timeoutMs(), job.webhookUrl())));
        return ensureSingletonsFree(created)
                .chain(() -> JobInsert.insert(created, dispatch))
                .replaceWith(created);
    }

    /**
     * A new job, as the API answers it: queued, or delayed until its run_at. Whether a queued one is dispatched at once
     * (its queue runs) or parked for the dispatcher (its queue is paused) is decided as it is written.
     */
    private JobRecord newJob(String userId, JobSubmissionValidator.ValidSubmission valid, Instant now) {
        return JobRecord.submitted(UUID.randomUUID(), userId, valid.submission().type(),
                valid.isDelayed() ? JobState.DELAYED : JobState.QUEUED, valid.priority(),
                valid.submission().payload(), valid.maxAttempts(),
                valid.timeoutMs() != null ? valid.timeoutMs() : defaultTimeoutMs, valid.backoff(),
                valid.singletonKey(), valid.scheduleId(), now, valid.isDelayed() ? valid.runAt() : null,
                valid.webhookUrl() == null ? null : valid.webhookUrl().text());
    }

    /** Fails with the SingletonConflict of the first job whose key an unfinished job holds (rare: one query each). */
    private Uni<Void> ensureSingletonsFree(List<JobRecord> created) {
        Uni<Void> checked = Uni.createFrom().voidItem();
        for (JobRecord job : created) {
            if (job.singletonKey() != null) {
                checked = checked.chain(() -> jobs.unfinishedWithKeyInTransaction(job.userId(), job.singletonKey(),
                        List.of(job.type())).invoke(existing -> {
                            if (!existing.isEmpty()) {
                                throw new SingletonConflict(job.type(), job.singletonKey(), existing.get(0));
                            }
                        }).replaceWithVoid());
            }
        }
        return checked;
    }

    /** The id of the unfinished job of {@code type} holding {@code singletonKey}, or null. */
    private Uni<UUID> unfinishedWithKey(String userId, String type, String singletonKey) {
        return jobs.unfinishedWithKey(userId, singletonKey, List.of(type))
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /** After a failed submission: the SingletonConflict to answer if it lost a race for a singleton key, else null. */
    public Uni<SingletonConflict> singletonConflictOf(String userId, Throwable failure,
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
                    : unfinishedWithKey(userId, type, valid.singletonKey()).map(id -> id == null ? null
                            : new SingletonConflict(type, valid.singletonKey(), id)));
        }
        return found;
    }

    public static boolean isSingletonViolation(Throwable failure) {
        return PgErrors.isUniqueViolation(failure, SINGLETON_INDEX);
    }

    /** The job, or null if there is none. */
    public Uni<JobRecord> find(UUID id) {
        return jobs.find(id);
    }

    /** A page of jobs, in the query's order; {@code ownerId} null means every user's (admins). */
    public Uni<JobPage> list(String ownerId, JobQuery query) {
        String userId = ownerId != null ? ownerId : query.userId();
        return jobs.list(userId, query).flatMap(found -> jobs.count(userId, query).map(total -> new JobPage(
                found.stream().map(JobView::of).toList(),
                JobPage.Pagination.of(query.page(), query.limit(), total))));
    }
}
