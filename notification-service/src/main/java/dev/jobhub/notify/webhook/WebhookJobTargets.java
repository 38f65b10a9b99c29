package dev.jobhub.notify.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The per-job webhooks ({@code webhook_job_targets}): the {@code webhookUrl} a job was submitted with. */
@ApplicationScoped
public class WebhookJobTargets {

    private static final String INSERT = """
            INSERT INTO notify.webhook_job_targets (job_id, user_id, url)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
            ON CONFLICT (job_id) DO NOTHING
            """;

    private static final String OF_JOBS = "SELECT job_id, url FROM notify.webhook_job_targets WHERE job_id = ANY($1::uuid[])";

    private static final String PURGE = "DELETE FROM notify.webhook_job_targets WHERE created_at < $1";

    /** A job's target, as its job.queued named it. */
    record Target(UUID jobId, String userId, String url) {
    }

    private final Pool pool;

    public WebhookJobTargets(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insertWithin(SqlConnection connection, List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(INSERT).execute(Tuple.of(
                targets.stream().map(Target::jobId).toArray(UUID[]::new),
                targets.stream().map(Target::userId).toArray(String[]::new),
                targets.stream().map(Target::url).toArray(String[]::new))).replaceWithVoid();
    }

    /** The URLs of those of {@code jobs} that have a target, by job. */
    Uni<Map<UUID, String>> urlsWithin(SqlConnection connection, Collection<UUID> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(OF_JOBS).execute(Tuple.tuple().addValue(jobs.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, String> urls = new HashMap<>();
                    for (Row row : rows) {
                        urls.put(row.getUUID("job_id"), row.getString("url"));
                    }
                    return urls;
                });
    }

    /** Deletes the targets made before {@code before}. @return how many */
    Uni<Integer> purge(Instant before) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(WebhookEndpoints.utc(before))).map(rows -> rows.rowCount());
    }
}
