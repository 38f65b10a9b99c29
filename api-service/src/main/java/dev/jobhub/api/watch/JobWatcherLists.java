package dev.jobhub.api.watch;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The {@code job_watchers} table (V012): one list per watched job and the sequence of its last change. */
@ApplicationScoped
public class JobWatcherLists {

    private static final String READ = "SELECT watchers, sequence FROM job_watchers WHERE job_id = $1";
    private static final String WRITE = """
            INSERT INTO job_watchers (job_id, watchers, sequence) VALUES ($1, $2, $3)
            ON CONFLICT (job_id) DO UPDATE SET watchers = excluded.watchers, sequence = excluded.sequence,
                                               updated_at = now()
            """;

    /** A job's list as stored; {@link #NONE} for a job that never had one. */
    public record Stored(List<String> watchers, long sequence) {

        static final Stored NONE = new Stored(List.of(), 0);

        /** The list after a change: the next sequence. */
        public Stored changedTo(List<String> changed) {
            return new Stored(List.copyOf(changed), sequence + 1);
        }
    }

    private final Pool pool;

    public JobWatcherLists(Pool pool) {
        this.pool = pool;
    }

    /** The job's list, read on {@code client} (the caller's transaction, which holds the job's row lock). */
    public Uni<Stored> read(SqlClient client, UUID jobId) {
        return client.preparedQuery(READ).execute(Tuple.of(jobId)).map(JobWatcherLists::stored);
    }

    /** The job's list, read with a connection of its own. */
    public Uni<Stored> read(UUID jobId) {
        return read(pool, jobId);
    }

    public Uni<Void> write(SqlClient client, UUID jobId, Stored list) {
        return client.preparedQuery(WRITE)
                .execute(Tuple.of(jobId, list.watchers().toArray(String[]::new), list.sequence()))
                .replaceWithVoid();
    }

    private static Stored stored(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Stored.NONE;
        }
        Row row = rows.iterator().next();
        return new Stored(Arrays.asList(row.getArrayOfStrings("watchers")), row.getLong("sequence"));
    }
}
