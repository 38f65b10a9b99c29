package dev.jobhub.api.job;

import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Jobs: submit, look up, list. A user sees only their own jobs; admins see everyone's. */
@Path("/api/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;
    private final JobSubmissionValidator validator;
    private final JobIntake intake;
    private final JobWebhooks webhooks;
    private final QueueEstimator estimator;
    private final CurrentUser user;
    private final int batchLimit;

    public JobResource(JobService jobs, JobSubmissionValidator validator, JobIntake intake, JobWebhooks webhooks,
            QueueEstimator estimator, CurrentUser user,
            @ConfigProperty(name = "jobhub.jobs.batch-limit") int batchLimit) {
        this.jobs = jobs;
        this.validator = validator;
        this.intake = intake;
        this.webhooks = webhooks;
        this.estimator = estimator;
        this.user = user;
        this.batchLimit = batchLimit;
    }

    /**
     * Submits one job: 202 with its id, state and, while it waits, its queue position and ETA. With an
     * {@code Idempotency-Key} header a repeated request answers the first answer again ({@code Idempotent-Replayed}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(String body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        JobSubmissionValidator.ValidSubmission valid = validator.validate(RequestBodies.read(body, JobSubmission.class));
        IdempotencyKeys.Request key = IdempotencyKeys.request(user.id(), idempotencyKey, "POST /api/jobs", body);
        return webhooks.admit(valid)
                .chain(() -> intake.submit(user.id(), valid, key))
                .map(answer -> accepted(answer, URI.create("/api/jobs/" + answer.jobId())));
    }

    @GET
    @Path("/{id}")
    public Uni<JobView> get(@PathParam("id") String id) {
        UUID jobId = parseId(id);
        return jobs.find(jobId)
                .map(job -> {
                    // another user's job answers exactly like a missing one: its existence is not disclosed
                    if (job == null || !user.canSee(job.userId())) {
                        throw ProblemException.notFound("job " + id);
                    }
                    return job;
                })
                .chain(estimator::view);
    }

    /**
     * Lists jobs: {@code sort=field[:asc|desc]}, {@code from}/{@code to} on createdAt, {@code q} = a job id or a job
     * type prefix, and for admins {@code userId}.
     */
    @GET
    public Uni<JobPage> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("state") String state, @QueryParam("type") String type, @QueryParam("sort") String sort,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("q") String q,
            @QueryParam("userId") String userId) {
        JobQuery query = JobQuery.parse(page, limit, state, type, sort, from, to, q, userId);
        if (query.userId() != null && !user.isAdmin() && !query.userId().equals(user.id())) {
            throw new ProblemException(Problem.of(403, "only admins may list other users' jobs"));
        }
        return jobs.list(user.isAdmin() ? null : user.id(), query);
    }

    /**
     * Submits up to {@code jobhub.jobs.batch-limit} jobs at once, all or nothing: 202 with their ids in order. An
     * {@code Idempotency-Key} works as for one job.
     */
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submitBatch(String body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        List<JobSubmissionValidator.ValidSubmission> valid = JobBatch.read(body, batchLimit, validator);
        IdempotencyKeys.Request key = IdempotencyKeys.request(user.id(), idempotencyKey, "POST /api/jobs/batch", body);
        return webhooks.admitBatch(valid)
                .chain(() -> intake.submitBatch(user.id(), valid, key))
                .map(answer -> accepted(answer, null));
    }

    private static Response accepted(JobIntake.Answer answer, URI location) {
        Response.ResponseBuilder response = Response.accepted(answer.body()).location(location);
        if (answer.replayed()) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    /** A job id from a path: anything that is not one names no job, so it answers 404 like a missing job. */
    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("job " + id);
        }
    }

    // --- lifecycle: cancel and manual retry, delegated to dev.jobhub.api.lifecycle.JobLifecycle -------------
    // (fully qualified names keep these lines independent of the import block)

    @jakarta.inject.Inject
    dev.jobhub.api.lifecycle.JobLifecycle lifecycle;

    /** Cancels a job: 200 with the cancelled job, 202 while its worker stops it, 409 if finished. */
    @jakarta.ws.rs.DELETE
    @Path("/{id}")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return lifecycle.cancel(parseId(id), user.id(), user.isAdmin());
    }

    /** Alias of {@code DELETE /api/jobs/{id}}. */
    @POST
    @Path("/{id}/cancel")
    public Uni<Response> cancelByPost(@PathParam("id") String id) {
        return cancel(id);
    }

    /** Re-runs a failed or cancelled job with a fresh budget of attempts: 202 with the job, 409 otherwise. */
    @POST
    @Path("/{id}/retry")
    public Uni<Response> retry(@PathParam("id") String id) {
        return lifecycle.retry(parseId(id), user.id(), user.isAdmin());
    }
}
