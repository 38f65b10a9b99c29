package dev.jobhub.api.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Cron schedules: each firing submits a job. A user sees only their own schedules; admins see everyone's. */
@Path("/api/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final ScheduleService schedules;
    private final ScheduleValidator validator;
    private final CurrentUser user;

    public ScheduleResource(ScheduleService schedules, ScheduleValidator validator, CurrentUser user) {
        this.schedules = schedules;
        this.validator = validator;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        List<Problem.FieldError> typeErrors = new ArrayList<>();
        ScheduleDraft draft = ScheduleDraft.empty().with(ScheduleDraft.readBody(body), typeErrors);
        ScheduleValidator.ValidSchedule valid = validator.validate(draft, typeErrors);
        return schedules.create(user.id(), valid)
                .map(schedule -> Response.created(URI.create("/api/schedules/" + schedule.id))
                        .entity(ScheduleView.of(schedule))
                        .build());
    }

    @GET
    public Uni<ScheduleView.Listing> list() {
        return schedules.list(owner())
                .map(found -> new ScheduleView.Listing(found.stream().map(ScheduleView::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<ScheduleView> get(@PathParam("id") String id) {
        return schedules.find(owner(), parseId(id)).map(ScheduleView::of);
    }

    /** Changes the fields present in the body (JSON merge patch); the result is validated as a whole. */
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    public Uni<ScheduleView> update(@PathParam("id") String id, String body) {
        UUID scheduleId = parseId(id);
        ObjectNode changes = ScheduleDraft.readBody(body);
        return schedules.update(owner(), scheduleId, stored -> {
            List<Problem.FieldError> typeErrors = new ArrayList<>();
            return validator.validate(stored.with(changes, typeErrors), typeErrors);
        }).map(ScheduleView::of);
    }

    /** Deletes the schedule; the jobs it created stay (their scheduleId then names a schedule that is gone). */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return schedules.delete(owner(), parseId(id)).map(nothing -> Response.noContent().build());
    }

    private String owner() {
        return user.isAdmin() ? null : user.id();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("schedule " + id);
        }
    }
}
