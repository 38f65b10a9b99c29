package dev.jobhub.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into a problem+json answer: bad input is a 4xx naming what is wrong, and an
 * unexpected error is a 500 with an incident id, never a stack trace.
 */
public class ProblemMappers {

    /** How soon a client may retry after a 503: PostgreSQL restarts in a few seconds. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        if (e.headers().isEmpty()) {
            return e.problem().toResponse();
        }
        Response.ResponseBuilder answer = Response.fromResponse(e.problem().toResponse());
        e.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException mismatch ? fieldPath(mismatch) : null;
        String reason = e instanceof ValueInstantiationException || e instanceof InvalidFormatException
                ? rootMessage(e)
                : e.getOriginalMessage();
        String detail = field == null ? "malformed JSON: " + reason : "invalid value for '" + field + "': " + reason;
        List<Problem.FieldError> errors = field == null ? List.of() : List.of(new Problem.FieldError(field, reason));
        return Problem.invalid(detail, errors).toResponse();
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated() {
        return Response.fromResponse(Problem.of(401, "a valid bearer token is required").toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "not allowed").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type";
            default -> e.getMessage();
        };
        return Problem.of(status, detail).toResponse();
    }

    /** A multipart body the parser cannot read to its end (wrong boundary, cut short, not multipart at all). */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        boolean multipart = Arrays.stream(e.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith(MULTIPART_PARSER));
        if (!multipart) {
            return unexpected(e);
        }
        return Problem.invalid("malformed multipart body: " + e.getMessage(),
                List.of(new Problem.FieldError("body", "not a complete multipart/form-data body"))).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseUnavailable.isCause(e)) {
            // one line, no stack trace: an outage is logged by the health checks, not once per request
            Log.warnf("answered 503, the database is unavailable: %s", e.getMessage());
            return Response.fromResponse(Problem.of(503, "the service cannot reach its database right now;"
                    + " retry shortly").toResponse()).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error, incident %s", incident);
        return Problem.of(500, "internal error, incident " + incident).toResponse();
    }

    private static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? null : path;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        return root instanceof JsonProcessingException json ? json.getOriginalMessage() : root.getMessage();
    }
}
