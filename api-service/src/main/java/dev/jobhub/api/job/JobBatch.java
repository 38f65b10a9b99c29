package dev.jobhub.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.problem.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Body of {@code POST /api/jobs/batch}: {@code {"jobs": [submission, …]}}, read and checked as a whole. Every wrong
 * field of every job is named with its index ({@code jobs[3].payload.steps}); nothing is created unless all are valid.
 */
final class JobBatch {

    private JobBatch() {
    }

    static List<JobSubmissionValidator.ValidSubmission> read(String body, int limit, JobSubmissionValidator validator) {
        JsonNode root = RequestBodies.read(body, JsonNode.class);
        JsonNode jobs = root.get("jobs");
        if (!root.isObject() || jobs == null || !jobs.isArray() || jobs.isEmpty()) {
            throw JobSubmissionValidator.invalid("invalid batch",
                    List.of(new Problem.FieldError("jobs", "is required: an array of 1 to " + limit + " jobs")));
        }
        if (jobs.size() > limit) {
            throw JobSubmissionValidator.invalid("invalid batch", List.of(new Problem.FieldError("jobs",
                    "has " + jobs.size() + " jobs; at most " + limit + " are accepted in one batch")));
        }
        Instant now = JobSubmissionValidator.now();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<JobSubmissionValidator.ValidSubmission> valid = new ArrayList<>();
        // (type, singletonKey) → index: two jobs of one batch cannot hold the same key
        Map<List<String>, Integer> singletons = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            String prefix = "jobs[" + i + "].";
            JobSubmission submission = bind(jobs.get(i), prefix, errors);
            if (submission == null) {
                continue;
            }
            JobSubmissionValidator.ValidSubmission checked = validator.check(submission, prefix, now,
                    JobSubmissionValidator.Origin.CLIENT, errors);
            if (checked == null) {
                continue;
            }
            if (checked.singletonKey() != null) {
                Integer first = singletons.putIfAbsent(List.of(submission.type(), checked.singletonKey()), i);
                if (first != null) {
                    errors.add(new Problem.FieldError(prefix + "singletonKey",
                            "is the same as that of jobs[" + first + "] of the same type"));
                    continue;
                }
            }
            valid.add(checked);
        }
        if (!errors.isEmpty()) {
            throw JobSubmissionValidator.invalid("invalid batch", errors);
        }
        return valid;
    }

    private static JobSubmission bind(JsonNode node, String prefix, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(prefix.substring(0, prefix.length() - 1), "must be a JSON object"));
            return null;
        }
        try {
            return JobJsonCodec.mapper().treeToValue(node, JobSubmission.class);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            errors.add(new Problem.FieldError(prefix + field, e.getOriginalMessage()));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new Problem.FieldError(prefix.substring(0, prefix.length() - 1), e.getOriginalMessage()));
            return null;
        }
    }
}
