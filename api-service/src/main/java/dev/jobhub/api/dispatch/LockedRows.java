package dev.jobhub.api.dispatch;

import dev.jobhub.api.lifecycle.JobRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A batch of job rows selected {@code FOR UPDATE SKIP LOCKED} and handled one by one in one transaction: with
 * several api-service replicas each row is handled by exactly one of them, and a row another transaction holds
 * (the projection applying an event to it) is left for the next round.
 */
final class LockedRows {

    private LockedRows() {
    }

    /** @return how many rows were handled (all of them, or none if the transaction failed) */
    static Uni<Integer> process(Pool pool, String selectForUpdate, Tuple parameters,
            BiFunction<SqlConnection, JobRow, Uni<Void>> handler) {
        return pool.withTransaction(connection -> connection.preparedQuery(selectForUpdate).execute(parameters)
                .flatMap(rows -> {
                    List<JobRow> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(JobRow.of(row)));
                    Uni<Void> handled = Uni.createFrom().voidItem();
                    for (JobRow job : jobs) {
                        handled = handled.chain(() -> handler.apply(connection, job));
                    }
                    return handled.replaceWith(jobs.size());
                }));
    }
}
