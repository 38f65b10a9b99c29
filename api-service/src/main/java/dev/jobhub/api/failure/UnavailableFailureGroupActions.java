package dev.jobhub.api.failure;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Used until a bean of the job lifecycle implements {@link FailureGroupActions}: group actions answer 501. */
@DefaultBean
@ApplicationScoped
public class UnavailableFailureGroupActions implements FailureGroupActions {

    @Override
    public Uni<Void> retry(UUID jobId) {
        return unavailable();
    }

    @Override
    public Uni<Void> cancel(UUID jobId, String reason) {
        return unavailable();
    }

    private static Uni<Void> unavailable() {
        return Uni.createFrom().failure(new ProblemException(Problem.of(501,
                "failure-group actions are not available in this version")));
    }
}
