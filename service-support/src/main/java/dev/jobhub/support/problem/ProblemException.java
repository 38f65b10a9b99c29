package dev.jobhub.support.problem;

/** Thrown by resources and services to answer with a problem detail; never logged as an error. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
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
}
