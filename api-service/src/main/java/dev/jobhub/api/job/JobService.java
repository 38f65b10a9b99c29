package dev.jobhub.api.job;

import dev.jobhub.api.outbox.Outbox;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Topics;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Submission, lookup and listing of jobs. */
@ApplicationScoped
public class JobService {

    /** The first event of a job (job.queued) has sequence 1 and belongs to attempt 1. */
    static final long QUEUED_SEQUENCE = 1;

    private final Outbox outbox;

    public JobService(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Writes the job, its {@code job.queued} event and the command of its first attempt in one transaction: once
     * this commits the job cannot be lost, whether or not Kafka is reachable now.
     */
    @WithTransaction
    public Uni<Job> submit(String userId, JobSubmissionValidator.ValidSubmission valid) {
        Instant now = Instant.now();
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.userId = userId;
        job.type = valid.submission().type();
        job.state = JobState.QUEUED;
        job.priority = valid.priority();
        job.payload = valid.submission().payload();
        job.attempt = 1;
        job.maxAttempts = valid.maxAttempts();
        job.lastSequence = QUEUED_SEQUENCE;
        job.createdAt = now;
        job.updatedAt = now;
        job.dispatchedAt = now;
        JobEvent queued = JobEvent.queued(job.id, userId, job.type, QUEUED_SEQUENCE, job.attempt);
        JobCommand command = JobCommand.run(job.id, userId, job.type, job.priority, job.payload, job.lastSequence,
                job.attempt, job.maxAttempts, job.timeoutMs);
        return job.<Job>persist()
                .call(() -> outbox.append(Topics.EVENTS, queued))
                .call(() -> outbox.append(job.priority.commandTopic(), command));
    }

    @WithSession
    public Uni<Job> find(UUID id) {
        return Job.findById(id);
    }

    /** A page of jobs, newest first; {@code ownerId} null means every user's (admins). */
    @WithSession
    public Uni<JobPage> list(String ownerId, JobQuery query) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (ownerId != null) {
            conditions.add("userId = :userId");
            parameters.and("userId", ownerId);
        }
        if (query.state() != null) {
            conditions.add("state = :state");
            parameters.and("state", query.state());
        }
        if (query.type() != null) {
            conditions.add("type = :type");
            parameters.and("type", query.type());
        }
        String where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        var found = Job.<Job>find(where, Sort.descending("createdAt", "id"), parameters)
                .page(query.page() - 1, query.limit());
        return found.list().flatMap(jobs -> found.count().map(total -> new JobPage(
                jobs.stream().map(JobView::of).toList(),
                JobPage.Pagination.of(query.page(), query.limit(), total))));
    }
}
