package dev.jobhub.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every 4xx and 5xx answer ({@code application/problem+json}).
 *
 * @param errors for validation problems, one entry per field that is wrong
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    /** A field of the request that is wrong, e.g. {@code payload.steps}: "must be between 1 and 100000". */
    public record FieldError(String field, String message) {
    }

    public static Problem of(Response.Status status, String detail) {
        return of(status.getStatusCode(), detail);
    }

    public static Problem of(int status, String detail) {
        return new Problem("about:blank", titleOf(status), status, detail, List.of());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return of(400, detail, errors);
    }

    /** A problem of any status that names the fields it is about. */
    public static Problem of(int status, String detail, List<FieldError> errors) {
        return new Problem("about:blank", titleOf(status), status, detail, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
