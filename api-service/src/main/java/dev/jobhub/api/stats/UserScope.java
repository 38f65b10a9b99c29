package dev.jobhub.api.stats;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;

/** Whose jobs a read over many jobs covers (statistics, failure groups). */
public final class UserScope {

    private UserScope() {
    }

    /**
     * @param userId the {@code ?userId=} of the request, if any
     * @return the caller's id; for an admin null (everyone) or {@code userId}
     * @throws ProblemException 403 if a user names another user
     */
    public static String of(CurrentUser user, String userId) {
        boolean named = userId != null && !userId.isBlank();
        if (user.isAdmin()) {
            return named ? userId : null;
        }
        if (named && !userId.equals(user.id())) {
            throw new ProblemException(Problem.of(403, "only admins may read the jobs of another user"));
        }
        return user.id();
    }
}
