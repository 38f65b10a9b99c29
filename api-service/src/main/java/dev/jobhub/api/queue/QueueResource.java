package dev.jobhub.api.queue;

import dev.jobhub.model.Priority;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The priority queues: {@code GET /api/queues} (any user: paused or not, how many jobs wait and run), and
 * {@code POST /api/queues/{priority}/pause} and {@code /resume} (admins only, else 403; unknown priority 400).
 */
@Path("/api/queues")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    private final QueueService queues;
    private final CurrentUser user;

    public QueueResource(QueueService queues, CurrentUser user) {
        this.queues = queues;
        this.user = user;
    }

    @GET
    public Uni<List<QueueView>> list() {
        return queues.list();
    }

    @POST
    @Path("/{priority}/pause")
    public Uni<QueueView> pause(@PathParam("priority") String priority) {
        return queues.setPaused(adminAndPriority(priority), true, user.id());
    }

    @POST
    @Path("/{priority}/resume")
    public Uni<QueueView> resume(@PathParam("priority") String priority) {
        return queues.setPaused(adminAndPriority(priority), false, user.id());
    }

    private Priority adminAndPriority(String priority) {
        if (!user.isAdmin()) {
            throw new ProblemException(Problem.of(403, "only an admin may pause or resume a queue"));
        }
        try {
            return Priority.fromWire(priority);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown priority '" + priority + "': one of high, normal, low",
                    "priority");
        }
    }
}
