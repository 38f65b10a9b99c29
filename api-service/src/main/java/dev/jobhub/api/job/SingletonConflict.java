package dev.jobhub.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobhub.support.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A submission whose {@code singletonKey} is taken by an unfinished job of the same type (pg-boss semantics): answered
 * 409 with the id of the job that holds the key, so a client can follow that one instead.
 */
public class SingletonConflict extends RuntimeException {

    private final UUID existingJobId;

    public SingletonConflict(String type, String singletonKey, UUID existingJobId) {
        super("a " + type + " job with singletonKey '" + singletonKey + "' is still unfinished", null, false, false);
        this.existingJobId = existingJobId;
    }

    public UUID existingJobId() {
        return existingJobId;
    }

    /** The RFC 9457 problem with the extension member {@code existingJobId}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String type, String title, int status, String detail, UUID existingJobId) {
    }

    /** Maps the conflict; more specific than service-support's catch-all, so it wins. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response conflict(SingletonConflict e) {
            return Response.status(409).type(Problem.PROBLEM_JSON)
                    .entity(new Body("about:blank", "Conflict", 409, e.getMessage(), e.existingJobId()))
                    .build();
        }
    }
}
