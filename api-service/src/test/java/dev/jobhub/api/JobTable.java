package dev.jobhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/** Reads what the API does not show (yet) straight from the job table, for assertions. */
public final class JobTable {

    private final Pool pool;

    public JobTable(Pool pool) {
        this.pool = pool;
    }

    public Row row(UUID jobId) {
        return pool.preparedQuery("""
                SELECT state, attempt, max_attempts, attempt_errors::text AS attempt_errors, error_fingerprint,
                       dispatched_at, cancel_requested_at, heartbeat_at, worker_id,
                       (extract(epoch FROM run_at - updated_at) * 1000)::bigint AS wait_ms
                  FROM jobs WHERE id = $1""")
                .execute(Tuple.of(jobId)).await().indefinitely().iterator().next();
    }

    public JsonNode attemptErrors(UUID jobId) {
        try {
            return JobJsonCodec.mapper().readTree(row(jobId).getString("attempt_errors"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Tuple values) {
        pool.preparedQuery(sql).execute(values).await().indefinitely();
    }
}
