package dev.jobhub.support.problem;

import java.time.Duration;
import java.util.Map;

/** Thrown by resources and services to answer with a problem detail; never logged as an error. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** @param headers response headers the answer carries besides its body (e.g. {@code Retry-After}) */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, what + " not found"));
    }

    public static ProblemException badRequest(String detail, String field) {
        return new ProblemException(Problem.invalid(detail, java.util.List.of(new Problem.FieldError(field, detail))));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, detail));
    }

    /** 429 with {@code Retry-After} in whole seconds (at least 1). */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(429, detail), Map.of("Retry-After", Long.toString(seconds)));
    }
}
