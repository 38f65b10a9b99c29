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

    /** @param key the request's Idempotency-Key, or null */
    public Uni<Answer> submit(String userId, JobSubmissionValidator.ValidSubmission valid, IdempotencyKeys.Request key) {
        Uni<IdempotencyKeys.Replay> stored = key == null ? Uni.createFrom().nullItem() : keys.find(key);
        return stored.chain(replay -> replay != null ? Uni.createFrom().item(replayed(replay))
                : create(userId, valid, key)
                        // a concurrent request with the same key committed first: answer what it got
                        .onFailure(IdempotencyKeys::isDuplicate).recoverWithUni(() -> keys.find(key).map(again -> {
                            if (again == null) {
                                throw ProblemException.conflict("a request with this Idempotency-Key is in progress");
                            }
                            return replayed(again);
                        }))
                        .onFailure(JobService::isSingletonViolation)
                        .recoverWithUni(failure -> singletonConflict(failure, List.of(valid))));
    }

    private Uni<Answer> create(String userId, JobSubmissionValidator.ValidSubmission valid, IdempotencyKeys.Request key) {
        return Panache.withTransaction(() -> jobs.submit(userId, valid)
                        .chain(job -> estimator.estimate(job)
                                .map(estimate -> JobJsonCodec.toTree(JobAccepted.of(job, estimate)))
                                .call(body -> key == null ? Uni.createFrom().voidItem() : keys.remember(key, job.id, body))
                                .map(body -> new Answer(job.id, body, false))))
                .invoke(relay::wakeUp);
    }

    /** Creates all the jobs in one transaction, in request order. */
    public Uni<List<JobAccepted>> submitBatch(String userId, List<JobSubmissionValidator.ValidSubmission> valid) {
        return Panache.withTransaction(() -> jobs.submitAll(userId, valid))
                .map(created -> created.stream().map(JobAccepted::of).toList())
                .invoke(relay::wakeUp)
                .onFailure(JobService::isSingletonViolation).recoverWithUni(failure -> singletonConflict(failure, valid));
    }

    private <T> Uni<T> singletonConflict(Throwable failure, List<JobSubmissionValidator.ValidSubmission> valid) {
        return jobs.singletonConflictOf(failure, valid).map(conflict -> {
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
