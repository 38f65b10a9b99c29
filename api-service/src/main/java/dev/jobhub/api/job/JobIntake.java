package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Submissions as the REST API takes them: Idempotency-Key replays, the 409 of a taken singleton key (also when a
 * concurrent submission won the race on the unique index), the queue position and ETA of the answer, and batches.
 */
@ApplicationScoped
public class JobIntake {

    private final JobService jobs;
    private final QueueEstimator estimator;
    private final IdempotencyKeys keys;
    private final OutboxRelay relay;

    public JobIntake(JobService jobs, QueueEstimator estimator, IdempotencyKeys keys, OutboxRelay relay) {
        this.jobs = jobs;
        this.estimator = estimator;
        this.keys = keys;
        this.relay = relay;
    }

    /** The answer to a submission: the job and the 202 body, replayed or new. */
    public record Answer(UUID jobId, JsonNode body, boolean replayed) {
    }

    /** One job; {@code key} is the request's Idempotency-Key, or null. */
    public Uni<Answer> submit(String userId, JobSubmissionValidator.ValidSubmission valid, IdempotencyKeys.Request key) {
        // the snapshot for the answer's position and ETA is taken before the transaction holds a connection
        return estimator.snapshot().chain(snapshot -> once(userId, key, List.of(valid),
                () -> jobs.submit(userId, valid).map(job -> new Answer(job.id(),
                        JobJsonCodec.toTree(JobAccepted.of(job, estimator.estimate(snapshot, job))), false))));
    }

    /** Creates all the jobs in one transaction, in request order: {@code {jobs: [{jobId, state}, …]}}. */
    public Uni<Answer> submitBatch(String userId, List<JobSubmissionValidator.ValidSubmission> valid,
            IdempotencyKeys.Request key) {
        return once(userId, key, valid, () -> jobs.submitAll(userId, valid).map(created -> new Answer(
                created.get(0).id(),
                JobJsonCodec.toTree(new BatchAccepted(created.stream().map(JobAccepted::of).toList())), false)));
    }

    /** The 202 answer to a batch. */
    public record BatchAccepted(List<JobAccepted> jobs) {
    }

    /**
     * Runs {@code create} in a transaction unless the Idempotency-Key has an answer already; the key is recorded with
     * the answer in the same transaction.
     */
    private Uni<Answer> once(String userId, IdempotencyKeys.Request key,
            List<JobSubmissionValidator.ValidSubmission> valid, Supplier<Uni<Answer>> create) {
        Uni<IdempotencyKeys.Replay> stored = key == null ? Uni.createFrom().nullItem() : keys.find(key);
        return stored.chain(replay -> replay != null ? Uni.createFrom().item(replayed(replay))
                : Panache.withTransaction(() -> create.get().call(answer -> key == null ? Uni.createFrom().voidItem()
                                : keys.remember(key, answer.jobId(), answer.body())))
                        .invoke(relay::wakeUp)
                        // a concurrent request with the same key committed first: answer what it got
                        .onFailure(IdempotencyKeys::isDuplicate).recoverWithUni(() -> keys.find(key).map(again -> {
                            if (again == null) {
                                throw ProblemException.conflict("a request with this Idempotency-Key is in progress");
                            }
                            return replayed(again);
                        }))
                        .onFailure(JobService::isSingletonViolation)
                        .recoverWithUni(failure -> singletonConflict(userId, failure, valid)));
    }

    private <T> Uni<T> singletonConflict(String userId, Throwable failure,
            List<JobSubmissionValidator.ValidSubmission> valid) {
        return jobs.singletonConflictOf(userId, failure, valid).map(conflict -> {
            if (conflict != null) {
                throw conflict;
            }
            // the job that held the key finished meanwhile: the client may simply try again
            throw ProblemException.conflict("the singletonKey was taken by a concurrent submission; retry");
        });
    }

    private static Answer replayed(IdempotencyKeys.Replay replay) {
        return new Answer(replay.jobId(), replay.response(), true);
    }
}
