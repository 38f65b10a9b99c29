package dev.jobhub.api.watch;

import dev.jobhub.model.JobWatchers;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /api/jobs/{id}/watchers}: the users to add. */
public record WatcherRequest(List<String> userIds) {

    /** The most users one request adds. */
    public static final int MAX_PER_REQUEST = 50;

    /**
     * The ids to add, in request order.
     *
     * @throws ProblemException 400 naming every wrong field ({@code userIds}, {@code userIds[2]})
     */
    public List<String> validUserIds(String ownerId) {
        if (userIds == null || userIds.isEmpty() || userIds.size() > MAX_PER_REQUEST) {
            throw invalid(List.of(new Problem.FieldError("userIds",
                    "is required: an array of 1 to " + MAX_PER_REQUEST + " user ids")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            String userId = userIds.get(i);
            String field = "userIds[" + i + "]";
            if (userId == null || userId.isBlank()) {
                errors.add(new Problem.FieldError(field, "must be a non-blank user id"));
            } else if (userId.length() > JobWatchers.MAX_USER_ID_LENGTH) {
                errors.add(new Problem.FieldError(field,
                        "must be at most " + JobWatchers.MAX_USER_ID_LENGTH + " characters"));
            } else if (!seen.add(userId)) {
                errors.add(new Problem.FieldError(field, "is named twice"));
            } else if (userId.equals(ownerId)) {
                // the owner follows the job already; a copy of every event would reach them twice
                errors.add(new Problem.FieldError(field, "is the job's owner, who follows it already"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return List.copyOf(userIds);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.invalid("invalid watchers", errors));
    }
}
