package dev.jobhub.notify.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code stream_messages} table: every message of every user's live stream, in one order. Appends take a
 * transaction-scoped advisory lock, so that sequence numbers become visible in the order they were given: a reader
 * that asks for everything after the last number it saw never skips a message committed late. Every append also
 * notifies the {@value #CHANNEL} channel at commit, which wakes the tailers of all instances.
 */
@ApplicationScoped
public class StreamLog {

    public static final String CHANNEL = "jobhub_stream";

    /**
     * The lock, and the notification sent at commit, in one round trip (a simple query of two statements): the
     * append holds the lock until its transaction ends, so every round trip after it counts against every writer.
     */
    private static final String LOCK_AND_NOTIFY = "SELECT pg_advisory_xact_lock(hashtext('notify.stream_messages'));"
            + " NOTIFY " + CHANNEL;
    private static final String INSERT = """
            INSERT INTO notify.stream_messages (id, user_id, job_id, type, payload)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[])
            ON CONFLICT (id) DO NOTHING
            """;
    private static final String COLUMNS = "seq, id, user_id, job_id, type, payload";

    private final Pool pool;

    public StreamLog(Pool pool) {
        this.pool = pool;
    }

    /** Appends in the caller's transaction; a message whose id is stored already (a redelivered event) is skipped. */
    public Uni<Void> appendWithin(SqlConnection connection, List<StreamMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = messages.size();
        UUID[] ids = new UUID[size];
        String[] users = new String[size];
        UUID[] jobs = new UUID[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            StreamMessage message = messages.get(i);
            ids[i] = message.id();
            users[i] = message.userId();
            jobs[i] = message.jobId();
            types[i] = message.type();
            payloads[i] = message.payload();
        }
        return connection.query(LOCK_AND_NOTIFY).execute()
                .chain(() -> connection.preparedQuery(INSERT).execute(Tuple.tuple().addValue(ids).addValue(users)
                        .addValue(jobs).addValue(types).addValue(payloads)))
                .replaceWithVoid();
    }

    /** Appends in a transaction of its own. */
    public Uni<Void> append(List<StreamMessage> messages) {
        return pool.withTransaction(connection -> appendWithin(connection, messages));
    }

    /** The number of the last message stored, 0 if none. */
    public Uni<Long> lastSeq() {
        return pool.query("SELECT coalesce(max(seq), 0) AS seq FROM notify.stream_messages").execute()
                .map(rows -> rows.iterator().next().getLong("seq"));
    }

    /** Up to {@code limit} messages of all users after {@code seq}, in order. */
    public Uni<List<StreamMessage.Entry>> after(long seq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notify.stream_messages WHERE seq > $1 ORDER BY seq "
                + "LIMIT $2").execute(Tuple.of(seq, limit)).map(StreamLog::entries);
    }

    /** Where message {@code id} of the user stands, if it is still stored. */
    public Uni<Optional<Long>> seqOf(String userId, UUID id) {
        return pool.preparedQuery("SELECT seq FROM notify.stream_messages WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, userId))
                .map(rows -> rows.size() == 0 ? Optional.<Long>empty()
                        : Optional.of(rows.iterator().next().getLong("seq")));
    }

    /** Up to {@code limit} of the user's messages after {@code seq}, in order. */
    public Uni<List<StreamMessage.Entry>> userAfter(String userId, long seq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notify.stream_messages WHERE user_id = $1 AND seq > $2 "
                + "ORDER BY seq LIMIT $3").execute(Tuple.of(userId, seq, limit)).map(StreamLog::entries);
    }

    /**
     * Deletes up to {@code limit} of the messages older than {@code before}, the oldest first. The chunk is read in
     * the order of the creation time's index, so it stops after {@code limit} rows (in seq order it sorted every
     * expired row for each chunk: 3.2 s a chunk at 200,000), and deleted by primary key lookups.
     *
     * @return how many
     */
    public Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery("""
                DELETE FROM notify.stream_messages
                 WHERE seq = ANY(ARRAY(SELECT seq FROM notify.stream_messages
                                        WHERE created_at < $1 ORDER BY created_at LIMIT $2))
                """).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)).map(RowSet::rowCount);
    }

    private static List<StreamMessage.Entry> entries(RowSet<Row> rows) {
        List<StreamMessage.Entry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(new StreamMessage.Entry(row.getLong("seq"), new StreamMessage(row.getUUID("id"),
                    row.getString("user_id"), row.getUUID("job_id"), row.getString("type"), row.getString("payload"))));
        }
        return entries;
    }
}
