package dev.jobhub.api.watch;

import dev.jobhub.api.job.JobResource;
import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * The users who follow a job besides its owner: they receive its events on their live stream and its final
 * notification by their own preferences, until it ends. Only the owner and admins see or change the list; for
 * anyone else the job does not exist (404, as on every job route).
 */
@Path("/api/jobs/{id}/watchers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WatcherResource {

    private final WatcherService watchers;
    private final CurrentUser user;

    public WatcherResource(WatcherService watchers, CurrentUser user) {
        this.watchers = watchers;
        this.user = user;
    }

    /** Adds {@code {"userIds": [...]}} (1 to 50, no duplicates) to an unfinished job: 200 with every watcher. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WatchersView> add(@PathParam("id") String id, String body) {
        UUID jobId = JobResource.parseId(id);
        WatcherRequest request = RequestBodies.read(body, WatcherRequest.class);
        return watchers.add(jobId, user.id(), user.isAdmin(), request);
    }

    @GET
    public Uni<WatchersView> list(@PathParam("id") String id) {
        return watchers.list(JobResource.parseId(id), user.id(), user.isAdmin());
    }

    /** 204; 404 if the user does not watch the job. */
    @DELETE
    @Path("/{userId}")
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        return watchers.remove(JobResource.parseId(id), user.id(), user.isAdmin(), userId)
                .replaceWith(Response.noContent().build());
    }
}
