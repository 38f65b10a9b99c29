package dev.jobhub.api.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.job.JobIntake;
import dev.jobhub.api.job.JobSubmission;
import dev.jobhub.api.job.JobSubmissionValidator;
import dev.jobhub.api.job.Jobs;
import dev.jobhub.api.job.SingletonConflict;
import dev.jobhub.api.lifecycle.JobLifecycle;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A connection's schema jobs: submitting {@code schema.rebuild} and {@code schema.train} (the only way in for these
 * internal types: the connection has been found to be the caller's first), and cancelling what is still unfinished
 * when the connection goes. One at a time per connection, through the singleton key {@code schema:<id>}.
 */
@ApplicationScoped
public class SchemaJobs {

    private static final List<String> TYPES = List.of(SchemaJobTypes.REBUILD, SchemaJobTypes.TRAIN);
    private static final List<String> TRAIN_FIELDS = List.of("schemas", "tables", "include");
    private static final List<String> INCLUDE_FLAGS = List.of("columns", "types", "constraints", "indexes",
            "foreignKeys");

    private final Jobs jobs;
    private final JobSubmissionValidator validator;
    private final JobIntake intake;
    private final JobLifecycle lifecycle;
    private final OutboxRelay relay;

    public SchemaJobs(Jobs jobs, JobSubmissionValidator validator, JobIntake intake, JobLifecycle lifecycle,
            OutboxRelay relay) {
        this.jobs = jobs;
        this.validator = validator;
        this.intake = intake;
        this.lifecycle = lifecycle;
        this.relay = relay;
    }

    /** {@code {force?}}; an empty body is a rebuild without force. */
    public Uni<JobIntake.Answer> rebuild(Connection connection, ObjectNode body) {
        JsonNode force = body.get("force");
        if (force != null && !force.isNull() && !force.isBoolean()) {
            throw ProblemException.badRequest("'force' must be true or false", "force");
        }
        ObjectNode payload = payload(connection);
        payload.put("force", force != null && force.asBoolean(false));
        return submit(connection, SchemaJobTypes.REBUILD, payload);
    }

    /** {@code {schemas?, tables?, include?}}: the selection of a schema.train job. */
    public Uni<JobIntake.Answer> train(Connection connection, ObjectNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TRAIN_FIELDS.contains(name)) {
                errors.add(new Problem.FieldError(name, "is not a field of train-schema; known: " + TRAIN_FIELDS));
            }
        }
        ObjectNode payload = payload(connection);
        for (String list : List.of("schemas", "tables")) {
            JsonNode names = body.get(list);
            if (names == null || names.isNull()) {
                continue;
            }
            boolean strings = names.isArray();
            for (JsonNode name : names) {
                strings &= name.isTextual();
            }
            if (strings) {
                payload.set(list, names);
            } else {
                errors.add(new Problem.FieldError(list, "must be an array of names"));
            }
        }
        JsonNode include = body.get("include");
        if (include != null && !include.isNull()) {
            if (!include.isObject()) {
                errors.add(new Problem.FieldError("include", "must be an object of flags " + INCLUDE_FLAGS));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> flags = include.fields(); flags.hasNext();) {
                    Map.Entry<String, JsonNode> flag = flags.next();
                    if (!INCLUDE_FLAGS.contains(flag.getKey()) || !(flag.getValue().isBoolean()
                            || flag.getValue().isNull())) {
                        errors.add(new Problem.FieldError("include." + flag.getKey(), "must be one of "
                                + INCLUDE_FLAGS + " with the value true or false"));
                    }
                }
                payload.set("include", include);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid train-schema request: '" + errors.get(0).field()
                    + "' " + errors.get(0).message(), errors));
        }
        return submit(connection, SchemaJobTypes.TRAIN, payload);
    }

    /**
     * Cancels the connection's unfinished schema jobs in the caller's transaction (as DELETE /api/jobs/{id} would);
     * the caller wakes the relay once it has committed.
     */
    Uni<Void> cancelUnfinishedWithin(SqlConnection connection, String ownerId, UUID connectionId, String reason) {
        return jobs.unfinishedWithKey(connection, ownerId, SchemaJobTypes.singletonKey(connectionId), TYPES)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(jobId -> lifecycle.cancelWithin(connection, jobId, reason)
                        .invoke(() -> Log.infof("cancelled schema job %s of deleted connection %s", jobId,
                                connectionId)))
                .collect().last()
                .replaceWithVoid();
    }

    private static ObjectNode payload(Connection connection) {
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode();
        payload.put("connectionId", connection.id.toString());
        return payload;
    }

    /** The job belongs to the connection's owner, whoever asks: the worker reads the connection for that owner. */
    private Uni<JobIntake.Answer> submit(Connection connection, String type, ObjectNode payload) {
        JobSubmission submission = new JobSubmission(type, payload, null, null, null, null, null, null,
                SchemaJobTypes.singletonKey(connection.id), null);
        // the payload's fields are the request's fields here
        JobSubmissionValidator.ValidSubmission valid = validator.validateRequestFields(submission);
        String key = SchemaJobTypes.singletonKey(connection.id);
        // the singleton key holds per job type; rebuild and train of one connection exclude each other too: the
        // connection's row is locked while the other type's unfinished job is looked for and the job is created
        return Panache.withTransaction(() -> Connection.<Connection>find("id", connection.id)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                        .invoke(locked -> {
                            if (locked == null) {
                                throw ProblemException.notFound("connection " + connection.id);
                            }
                        })
                        // the other type's job, if any, was committed by whoever held the lock before
                        .chain(() -> jobs.unfinishedWithKeyInTransaction(connection.userId, key, TYPES))
                        .invoke(existing -> {
                            if (!existing.isEmpty()) {
                                throw new SingletonConflict(type, key, existing.get(0));
                            }
                        })
                        .chain(() -> intake.submit(connection.userId, valid, null)))
                // the intake woke the relay before this transaction committed: once more now that it has
                .invoke(relay::wakeUp);
    }
}
