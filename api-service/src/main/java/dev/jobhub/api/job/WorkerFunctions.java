package dev.jobhub.api.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * Calls of worker-service's SQL interface inside an api-service transaction. The worker schema is migrated by
 * worker-service and may not exist yet; a call of a missing function would abort the caller's whole transaction, so
 * the function is looked up first.
 */
public final class WorkerFunctions {

    private WorkerFunctions() {
    }

    /**
     * {@code SELECT worker.<function>(id)} for a function of one uuid that returns a count; 0 when the function does
     * not exist yet.
     *
     * @param function the function's name, a constant of the caller, never request input
     */
    public static Uni<Integer> countFor(SqlConnection connection, String function, UUID id) {
        return connection.preparedQuery("SELECT to_regprocedure($1) IS NOT NULL AS there")
                .execute(Tuple.of("worker." + function + "(uuid)"))
                .flatMap(rows -> !rows.iterator().next().getBoolean("there") ? Uni.createFrom().item(0)
                        : connection.preparedQuery("SELECT worker." + function + "($1) AS counted")
                                .execute(Tuple.of(id))
                                .map(counted -> counted.iterator().next().getInteger("counted")));
    }
}
