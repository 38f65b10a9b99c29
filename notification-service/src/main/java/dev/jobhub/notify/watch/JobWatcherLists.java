package dev.jobhub.notify.watch;

import dev.jobhub.model.JobWatchers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code job_watchers} table (V007): each watched job's followers, as of the newest list announced. */
@ApplicationScoped
public class JobWatcherLists {

    /** Only a newer list replaces the stored one: a redelivered or late message returns no row. */
    private static final String REPLACE = """
            INSERT INTO notify.job_watchers AS w (job_id, watchers, sequence) VALUES ($1, $2, $3)
            ON CONFLICT (job_id) DO UPDATE SET watchers = excluded.watchers, sequence = excluded.sequence,
                                               updated_at = now()
             WHERE w.sequence < excluded.sequence
            RETURNING job_id
            """;

    private static final String OF_JOBS = """
            SELECT job_id, watchers FROM notify.job_watchers
             WHERE job_id = ANY($1::uuid[]) AND cardinality(watchers) > 0
            """;

    /** Lists that did not change, of jobs without an event since (or without a position at all). */
    private static final String PURGE = """
            DELETE FROM notify.job_watchers w
             WHERE w.updated_at < $1
               AND NOT EXISTS (SELECT 1 FROM notify.job_positions p WHERE p.job_id = w.job_id AND p.updated_at >= $1)
            """;

    private final Pool pool;

    public JobWatcherLists(Pool pool) {
        this.pool = pool;
    }

    /** Stores the message's list if it is newer than the job's stored one. @return whether it was */
    public Uni<Boolean> replace(JobWatchers message) {
        return pool.preparedQuery(REPLACE)
                .execute(Tuple.of(message.jobId(), message.watchers().toArray(String[]::new), message.sequence()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Who follows each of {@code jobs} that anyone follows, read in the caller's transaction: one lookup by primary
     * key whatever the number of jobs, and none for no jobs.
     */
    public Uni<Following> of(SqlConnection connection, Collection<UUID> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(Following.NOBODY);
        }
        return connection.preparedQuery(OF_JOBS).execute(Tuple.tuple().addValue(jobs.toArray(UUID[]::new)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Following.NOBODY;
                    }
                    Map<UUID, List<String>> watchers = new HashMap<>();
                    for (Row row : rows) {
                        watchers.put(row.getUUID("job_id"), Arrays.asList(row.getArrayOfStrings("watchers")));
                    }
                    return new Following(watchers);
                });
    }

    /** Forgets the lists that neither changed nor saw an event of their job since {@code before}. @return how many */
    public Uni<Integer> purge(Instant before) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** @return why the message cannot be stored, if it cannot */
    public static Optional<String> unusable(JobWatchers message) {
        if (message.id() == null || message.jobId() == null || message.userId() == null
                || message.userId().isBlank() || message.watchers() == null) {
            return Optional.of("id, jobId, userId and watchers are required");
        }
        if (message.sequence() < 1) {
            return Optional.of("sequence must be at least 1");
        }
        if (message.watchers().size() > JobWatchers.MAX_WATCHERS) {
            return Optional.of("at most " + JobWatchers.MAX_WATCHERS + " watchers");
        }
        boolean valid = message.watchers().stream().allMatch(user -> user != null && !user.isBlank()
                && user.length() <= JobWatchers.MAX_USER_ID_LENGTH);
        return valid ? Optional.empty() : Optional.of("a watcher is not a user id");
    }
}
