package dev.jobhub.api.job;

import dev.jobhub.model.Priority;
import dev.jobhub.model.jobtype.JobType;
import dev.jobhub.model.jobtype.JobTypes;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Checks a submission before anything is written; every wrong field is named in one 400 answer. */
@ApplicationScoped
public class JobSubmissionValidator {

    private final int defaultMaxAttempts;
    private final int maxAttemptsLimit;

    public JobSubmissionValidator(
            @ConfigProperty(name = "jobhub.jobs.default-max-attempts") int defaultMaxAttempts,
            @ConfigProperty(name = "jobhub.jobs.max-attempts-limit") int maxAttemptsLimit) {
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.maxAttemptsLimit = maxAttemptsLimit;
    }

    /** A submission whose fields are all valid, with defaults filled in. */
    public record ValidSubmission(JobSubmission submission, Priority priority, int maxAttempts) {
    }

    public ValidSubmission validate(JobSubmission submission) {
        if (submission == null) {
            throw new ProblemException(Problem.invalid("a JSON body is required", List.of()));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        JobType<?> type = JobTypes.byName(submission.type()).orElse(null);
        if (submission.type() == null || submission.type().isBlank()) {
            errors.add(new Problem.FieldError("type", "is required; one of " + JobTypes.names()));
        } else if (type == null) {
            errors.add(new Problem.FieldError("type", "unknown job type '" + submission.type() + "'; one of "
                    + JobTypes.names()));
        }
        if (submission.payload() == null || !submission.payload().isObject()) {
            errors.add(new Problem.FieldError("payload", "is required and must be a JSON object"));
        } else if (type != null) {
            type.validateJson(submission.payload())
                    .forEach(violation -> errors.add(new Problem.FieldError(violation.field(), violation.message())));
        }
        Priority priority = Priority.NORMAL;
        if (submission.priority() != null) {
            try {
                priority = Priority.fromWire(submission.priority());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("priority", e.getMessage()));
            }
        }
        int maxAttempts = submission.maxAttempts() == null ? defaultMaxAttempts : submission.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > maxAttemptsLimit) {
            errors.add(new Problem.FieldError("maxAttempts", "must be between 1 and " + maxAttemptsLimit));
        }
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? "invalid job submission: '" + errors.get(0).field() + "' " + errors.get(0).message()
                    : "invalid job submission: " + errors.size() + " fields are wrong";
            throw new ProblemException(Problem.invalid(detail, errors));
        }
        return new ValidSubmission(submission, priority, maxAttempts);
    }
}
