package dev.jobhub.api.failure;

import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Failure groups: failed and retrying jobs grouped by {@code error_fingerprint} (written by the event projection).
 * {@code userId} null means every user's jobs (admins).
 */
@ApplicationScoped
public class FailureGroupService {

    /** When a job failed: a final failure's finished_at, else the last change of a retrying job. */
    private static final String SEEN = "coalesce(finished_at, updated_at)";

    private static final String GROUPS = """
            SELECT error_fingerprint,
                   (array_agg(type ORDER BY %1$s DESC))[1] AS job_type,
                   (array_agg(error->>'code' ORDER BY %1$s DESC))[1] AS code,
                   (array_agg(error->>'message' ORDER BY %1$s DESC))[1] AS sample_message,
                   count(*) AS n,
                   count(*) FILTER (WHERE state = 'failed') AS failed,
                   count(*) FILTER (WHERE state = 'retrying') AS retrying,
                   min(%1$s) AS first_seen,
                   max(%1$s) AS last_seen
            FROM jobs
            WHERE error_fingerprint IS NOT NULL AND state IN ('failed', 'retrying')
              AND ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR type = $2)
            GROUP BY error_fingerprint
            ORDER BY last_seen DESC, error_fingerprint
            LIMIT $3
            """.formatted(SEEN);

    private static final String MEMBERS = """
            SELECT id FROM jobs
            WHERE error_fingerprint = $1 AND state = $2 AND ($3::text IS NULL OR user_id = $3)
            ORDER BY %s
            LIMIT $4
            """.formatted(SEEN);

    private final Pool pool;
    private final FailureGroupActions actions;
    private final int actionLimit;

    public FailureGroupService(Pool pool, FailureGroupActions actions,
            @ConfigProperty(name = "jobhub.failures.group-action-limit") int actionLimit) {
        this.pool = pool;
        this.actions = actions;
        this.actionLimit = actionLimit;
    }

    /** The groups, latest failure first. */
    public Uni<List<FailureGroup>> groups(String userId, String type, int limit) {
        return pool.preparedQuery(GROUPS).execute(Tuple.of(userId, type, limit)).map(rows -> {
            List<FailureGroup> groups = new ArrayList<>();
            for (Row row : rows) {
                groups.add(new FailureGroup(row.getString("error_fingerprint"), row.getString("job_type"),
                        row.getString("code"), row.getString("sample_message"), row.getLong("n"),
                        row.getLong("failed"), row.getLong("retrying"),
                        row.getOffsetDateTime("first_seen").toInstant(),
                        row.getOffsetDateTime("last_seen").toInstant()));
            }
            return groups;
        });
    }

    /** Retries every failed job of the group (up to {@code jobhub.failures.group-action-limit}). */
    public Uni<GroupActionResult> retry(String userId, String fingerprint) {
        return retry(userId, fingerprint, actions);
    }

    /** Cancels every retrying job of the group (failed ones are final already). */
    public Uni<GroupActionResult> cancel(String userId, String fingerprint, String reason) {
        return cancel(userId, fingerprint, reason, actions);
    }

    Uni<GroupActionResult> retry(String userId, String fingerprint, FailureGroupActions with) {
        return apply(userId, fingerprint, "retry", "failed", with::retry);
    }

    Uni<GroupActionResult> cancel(String userId, String fingerprint, String reason, FailureGroupActions with) {
        return apply(userId, fingerprint, "cancel", "retrying", jobId -> with.cancel(jobId, reason));
    }

    /** One job after the other: a group may be large, and each action is a transaction of the lifecycle service. */
    private Uni<GroupActionResult> apply(String userId, String fingerprint, String action, String state,
            Function<UUID, Uni<Void>> perJob) {
        return pool.preparedQuery(MEMBERS).execute(Tuple.of(fingerprint, state, userId, actionLimit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                })
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(jobId -> perJob.apply(jobId)
                                .replaceWith(true)
                                .onFailure(FailureGroupService::movedOn).recoverWithItem(false))
                        .collect().asList()
                        .map(outcomes -> {
                            int done = (int) outcomes.stream().filter(Boolean::booleanValue).count();
                            return new GroupActionResult(fingerprint, action, ids.size(), done, ids.size() - done);
                        }));
    }

    /** 404 or 409: the job left the state the action needs between the selection and the action. */
    private static boolean movedOn(Throwable failure) {
        return failure instanceof ProblemException problem
                && (problem.problem().status() == 404 || problem.problem().status() == 409);
    }
}
