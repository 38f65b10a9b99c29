package dev.jobhub.notify.inapp;

import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.model.JobState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code job_positions} table: where each job stands as far as the store path has seen (see V002). Every
 * statement takes a whole poll's jobs at once. The webhook intake keeps its own in a table of the same shape.
 */
@ApplicationScoped
public class JobPositions {

    private static final String READ = """
            SELECT job_id, attempt, sequence, state FROM %s WHERE job_id = ANY($1::uuid[])
            """;

    /**
     * Moves each job to its new position, only forward by (attempt, sequence): a row that another consumer moved
     * further meanwhile (two instances on one partition during a rebalance) is left alone and not returned.
     */
    private static final String ADVANCE = """
            INSERT INTO %s AS p (job_id, attempt, sequence, state)
            SELECT * FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::text[])
            ON CONFLICT (job_id) DO UPDATE
               SET attempt = excluded.attempt, sequence = excluded.sequence, state = excluded.state,
                   updated_at = now()
             WHERE (p.attempt, p.sequence) < (excluded.attempt, excluded.sequence)
            RETURNING job_id
            """;

    private static final String PURGE = "DELETE FROM %s WHERE updated_at < $1";

    private final Pool pool;
    private final String read;
    private final String advance;
    private final String purge;

    @Inject
    public JobPositions(Pool pool) {
        this(pool, "notify.job_positions");
    }

    /** The same positions in a table of another consumer of the events, of the same shape (the webhook intake's). */
    protected JobPositions(Pool pool, String table) {
        this.pool = pool;
        this.read = READ.formatted(table);
        this.advance = ADVANCE.formatted(table);
        this.purge = PURGE.formatted(table);
    }

    /** The recorded positions of those of {@code jobs} that have one. */
    public Uni<Map<UUID, Position>> read(SqlConnection connection, Collection<UUID> jobs) {
        if (jobs.isEmpty()) {
            // a poll of progress events only: nothing to judge, and a round trip saved on the live path
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(read).execute(Tuple.tuple().addValue(jobs.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Position> positions = new HashMap<>();
            for (Row row : rows) {
                positions.put(row.getUUID("job_id"), new Position(row.getInteger("attempt"), row.getLong("sequence"),
                        JobState.fromWire(row.getString("state"))));
            }
            return positions;
        });
    }

    /**
     * Records the jobs' new positions, each newer than the one {@link #read} gave in this transaction.
     *
     * @throws PositionsMoved (as the Uni's failure) if another consumer moved one of them meanwhile: the decisions
     *         taken from the positions read are void, and the transaction must be rolled back and run again
     */
    public Uni<Void> advance(SqlConnection connection, Map<UUID, Position> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = positions.size();
        UUID[] jobs = new UUID[size];
        Integer[] attempts = new Integer[size];
        Long[] sequences = new Long[size];
        String[] states = new String[size];
        int i = 0;
        for (Map.Entry<UUID, Position> entry : positions.entrySet()) {
            jobs[i] = entry.getKey();
            attempts[i] = entry.getValue().attempt();
            sequences[i] = entry.getValue().sequence();
            states[i] = entry.getValue().state().wireName();
            i++;
        }
        return connection.preparedQuery(advance)
                .execute(Tuple.tuple().addValue(jobs).addValue(attempts).addValue(sequences).addValue(states))
                .map(rows -> {
                    if (rows.rowCount() != size) {
                        throw new PositionsMoved(size - rows.rowCount());
                    }
                    return null;
                });
    }

    /** Deletes the positions not moved since {@code before}. @return how many */
    public Uni<Integer> purge(Instant before) {
        return pool.preparedQuery(purge).execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    /** Another consumer moved some of a poll's jobs while it was being stored. */
    public static final class PositionsMoved extends IllegalStateException {

        PositionsMoved(int jobs) {
            super(jobs + " job position(s) moved by another consumer meanwhile");
        }
    }
}
