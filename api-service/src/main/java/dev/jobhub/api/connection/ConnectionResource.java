package dev.jobhub.api.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.job.JobIntake;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Registered databases ("connections") and their schema jobs. A user sees only their own connections; admins see
 * everyone's. The password is write-only: it is sealed at rest and no answer ever carries it.
 */
@Path("/api/connections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    static final int MAX_LIMIT = 100;

    private final ConnectionService connections;
    private final ConnectionValidator validator;
    private final ConnectionTester tester;
    private final SchemaJobs schemaJobs;
    private final CurrentUser user;
    private final ConnectionTestRateLimit rateLimit;

    public ConnectionResource(ConnectionService connections, ConnectionValidator validator, ConnectionTester tester,
            SchemaJobs schemaJobs, CurrentUser user, ConnectionTestRateLimit rateLimit) {
        this.connections = connections;
        this.validator = validator;
        this.tester = tester;
        this.rateLimit = rateLimit;
        this.schemaJobs = schemaJobs;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        UUID id = UUID.randomUUID();
        ValidConnection valid = validator.validate(id, ConnectionValidator.readBody(body), null);
        return validator.admitted(valid)
                .flatMap(admitted -> connections.create(user.id(), id, admitted))
                .onFailure(ConnectionService::isDuplicateName).transform(e -> duplicateName(valid.name()))
                .map(view -> Response.created(URI.create("/api/connections/" + id)).entity(view).build());
    }

    @GET
    public Uni<ConnectionPage> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        return connections.list(owner(), integer("page", page, 1, Integer.MAX_VALUE),
                integer("limit", limit, 20, MAX_LIMIT));
    }

    @GET
    @Path("/{id}")
    public Uni<ConnectionView> get(@PathParam("id") String id) {
        return connections.find(owner(), parseId(id));
    }

    /**
     * Changes the fields present in the body (JSON merge patch; {@code "password": null} clears the password). A new
     * host or port is checked by the egress guard before the change is made (outside the transaction: the host name
     * is resolved); a concurrent change in between is caught where it matters, at the next dial.
     */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    public Uni<ConnectionView> update(@PathParam("id") String id, String body) {
        UUID connectionId = parseId(id);
        ObjectNode changes = ConnectionValidator.readBody(body);
        String owner = owner();
        Uni<ValidConnection> admitted = changes.has("host") || changes.has("port")
                ? connections.connection(owner, connectionId)
                        .flatMap(stored -> validator.admitted(validator.validate(connectionId, changes, stored)))
                : Uni.createFrom().nullItem();
        String[] name = new String[1];
        return admitted.flatMap(ignored -> connections.update(owner, connectionId, stored -> {
                    ValidConnection valid = validator.validate(connectionId, changes, stored);
                    name[0] = valid.name();
                    return valid;
                }))
                .onFailure(ConnectionService::isDuplicateName).transform(e -> duplicateName(name[0]));
    }

    /** Deletes the connection with its unfinished schema jobs, its rebuild schedule and its schema cache, at once. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        String reason = "connection deleted by " + (user.isAdmin() ? "admin " : "user ") + user.id();
        return connections.delete(owner(), parseId(id), reason).map(deleted -> Response.noContent().build());
    }

    /**
     * Connects to the database as the worker would: 200 {ok, code?, message, latencyMs, serverVersion?}. Each user
     * may test {@code jobhub.connections.test-limit} times per period, counted before the connection is looked up;
     * beyond that 429 with Retry-After.
     */
    @POST
    @Path("/{id}/test")
    public Uni<ConnectionTester.Result> test(@PathParam("id") String id) {
        Duration wait = rateLimit.take(user.id());
        if (!wait.isZero()) {
            throw ProblemException.tooManyRequests("at most " + rateLimit.describe() + ": try again in "
                    + Math.max(1, wait.toSeconds()) + " s", wait);
        }
        return connections.connection(owner(), parseId(id)).flatMap(tester::test);
    }

    /** Rebuilds the schema cache (everything): 202 as POST /api/jobs, 409 with existingJobId while one runs. */
    @POST
    @Path("/{id}/rebuild")
    public Uni<Response> rebuild(@PathParam("id") String id, String body) {
        ObjectNode request = optionalBody(body);
        return connections.connection(owner(), parseId(id))
                .flatMap(connection -> schemaJobs.rebuild(connection, request))
                .map(ConnectionResource::accepted);
    }

    /** A selective introspection {schemas?, tables?, include?}: 202 as POST /api/jobs, 409 while one runs. */
    @POST
    @Path("/{id}/train-schema")
    public Uni<Response> train(@PathParam("id") String id, String body) {
        ObjectNode request = optionalBody(body);
        return connections.connection(owner(), parseId(id))
                .flatMap(connection -> schemaJobs.train(connection, request))
                .map(ConnectionResource::accepted);
    }

    private static Response accepted(JobIntake.Answer answer) {
        return Response.accepted(answer.body()).location(URI.create("/api/jobs/" + answer.jobId())).build();
    }

    private String owner() {
        return user.isAdmin() ? null : user.id();
    }

    private static ObjectNode optionalBody(String body) {
        return body == null || body.isBlank() ? JobJsonCodec.mapper().createObjectNode()
                : ConnectionValidator.readBody(body);
    }

    private static ProblemException duplicateName(String name) {
        return ProblemException.conflict("you already have a connection named '" + name + "'");
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("connection " + id);
        }
    }

    private static int integer(String name, String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.invalid("'" + name + "' must be an integer between 1 and " + max,
                List.of(new Problem.FieldError(name, "must be an integer between 1 and " + max))));
    }
}
