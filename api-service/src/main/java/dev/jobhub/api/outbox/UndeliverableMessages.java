package dev.jobhub.api.outbox;

import dev.jobhub.api.lifecycle.JobOutcomes;
import dev.jobhub.api.lifecycle.JobRow;
import dev.jobhub.model.JobError;
import dev.jobhub.model.Topics;
import dev.jobhub.support.problem.Causes;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An outbox row Kafka will never take (larger than the broker or the producer accept): retrying it would hold its
 * row, and its job, forever. It is removed, and if it was a job's command the job fails at once with
 * {@code command_too_large} (its job.failed event goes through the outbox like any other), in one transaction.
 */
@ApplicationScoped
public class UndeliverableMessages {

    static final String TOO_LARGE = "command_too_large";
    private static final Set<String> COMMAND_TOPICS = Set.of(Topics.COMMANDS_HIGH, Topics.COMMANDS_NORMAL,
            Topics.COMMANDS_LOW);

    private final Pool pool;
    private final JobOutcomes outcomes;

    public UndeliverableMessages(Pool pool, JobOutcomes outcomes) {
        this.pool = pool;
        this.outcomes = outcomes;
    }

    /** True if no retry can ever publish a message that failed with {@code failure}. */
    public static boolean isPermanent(Throwable failure) {
        return Causes.anyMatch(failure, t -> t instanceof RecordTooLargeException || t instanceof SerializationException);
    }

    public Uni<Void> settle(long outboxId, String topic, String key, int bytes, Throwable failure) {
        Log.errorf("outbox message %d to %s (key %s, %d bytes) can never be published: %s", outboxId, topic, key,
                bytes, failure.toString());
        return pool.withTransaction(connection -> connection.preparedQuery("DELETE FROM outbox WHERE id = $1")
                .execute(Tuple.of(outboxId))
                .chain(() -> !COMMAND_TOPICS.contains(topic) ? Uni.createFrom().voidItem()
                        : JobRow.lock(connection, UUID.fromString(key)).chain(job -> job == null
                                || job.state().isFinal() ? Uni.createFrom().voidItem()
                                        : outcomes.failByPlatform(connection, job, JobError.permanent(TOO_LARGE,
                                                "the job's command is " + bytes + " bytes, more than Kafka accepts;"
                                                        + " submit a smaller payload"), false))));
    }
}
