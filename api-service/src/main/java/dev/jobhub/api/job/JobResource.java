package dev.jobhub.api.job;

import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Jobs: submit, look up, list. A user sees only their own jobs; admins see everyone's. */
@Path("/api/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;
    private final JobSubmissionValidator validator;
    private final OutboxRelay relay;
    private final CurrentUser user;

    public JobResource(JobService jobs, JobSubmissionValidator validator, OutboxRelay relay, CurrentUser user) {
        this.jobs = jobs;
        this.validator = validator;
        this.relay = relay;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(String body) {
        JobSubmissionValidator.ValidSubmission valid = validator.validate(RequestBodies.read(body, JobSubmission.class));
        return jobs.submit(user.id(), valid)
                .invoke(relay::wakeUp)
                .map(job -> Response.accepted(new JobAccepted(job.id, job.state))
                        .location(URI.create("/api/jobs/" + job.id))
                        .build());
    }

    @GET
    @Path("/{id}")
    public Uni<JobView> get(@PathParam("id") String id) {
        UUID jobId = parseId(id);
        return jobs.find(jobId)
                .map(job -> {
                    // another user's job answers exactly like a missing one: its existence is not disclosed
                    if (job == null || !user.canSee(job.userId)) {
                        throw ProblemException.notFound("job " + id);
                    }
                    return JobView.of(job);
                });
    }

    @GET
    public Uni<JobPage> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("state") String state, @QueryParam("type") String type) {
        JobQuery query = JobQuery.parse(page, limit, state, type);
        return jobs.list(user.isAdmin() ? null : user.id(), query);
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("job " + id);
        }
    }

    // --- issue 3, lifecycle: cancel and manual retry, delegated to dev.jobhub.api.lifecycle.JobLifecycle -------------
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
