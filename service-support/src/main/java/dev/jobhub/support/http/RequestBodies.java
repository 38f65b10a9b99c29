package dev.jobhub.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies here rather than in the REST layer's reader, which answers some parse errors with a
 * bare 400: every unreadable body becomes a problem that names the field, if there is one.
 */
public final class RequestBodies {

    private static final ObjectMapper MAPPER = JobJsonCodec.mapper();

    private RequestBodies() {
    }

    public static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.invalid("a JSON body is required", List.of()));
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (field.isEmpty()) {
                // a value of the wrong kind at the top, or a second value after it
                throw new ProblemException(Problem.invalid("the body must be one JSON object: "
                        + e.getOriginalMessage(), List.of()));
            }
            throw new ProblemException(Problem.invalid("invalid value for '" + field + "'",
                    List.of(new Problem.FieldError(field, e.getOriginalMessage()))));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.invalid("malformed JSON: " + e.getOriginalMessage(), List.of()));
        }
    }
}
