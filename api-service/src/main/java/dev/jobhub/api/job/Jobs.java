package dev.jobhub.api.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The reads of {@code api.jobs} for the API (lookup, listing, singleton keys, a document's job), with SQL through the
 * reactive client like every write of the table; the lifecycle reads its rows under their lock ({@code JobRow}).
 * Each read takes a connection of its own from the pool for one statement. Values are always bound as {@code $n}
 * parameters; what is written into the SQL text comes from this class and {@link JobQuery.SortField}, never from a
 * request.
 */
@ApplicationScoped
public class Jobs {

    private static final String FIND = "SELECT " + JobRecord.COLUMNS + " FROM jobs j WHERE j.id = $1";
    private static final String BY_IDS = "SELECT " + JobRecord.COLUMNS + " FROM jobs j WHERE j.id = ANY($1)";
    private static final String UNFINISHED_WITH_KEY = unfinishedWithKey("$1", "$2", "= ANY($3)");
    private static final String UNFINISHED_WITH_KEY_IN_TRANSACTION = unfinishedWithKey(":user", ":key", "IN (:types)");

    private final Pool pool;

    public Jobs(Pool pool) {
        this.pool = pool;
    }

    /** The job, or null if there is none. */
    public Uni<JobRecord> find(UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : JobRecord.of(rows.iterator().next()));
    }

    /** Those of the jobs that exist, in no particular order. */
    public Uni<List<JobRecord>> byIds(Collection<UUID> ids) {
        return pool.preparedQuery(BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(Jobs::records);
    }

    /**
     * The ids of the unfinished jobs of any of {@code types} that hold {@code singletonKey} for {@code userId}, oldest first: at most one
     * per type.
     */
    public Uni<List<UUID>> unfinishedWithKey(String userId, String singletonKey, List<String> types) {
        return unfinishedWithKey(pool, userId, singletonKey, types);
    }

    /** {@link #unfinishedWithKey} on {@code client}: the connection of the caller's transaction, or the pool. */
    public Uni<List<UUID>> unfinishedWithKey(SqlClient client, String userId, String singletonKey,
            List<String> types) {
        return client.preparedQuery(UNFINISHED_WITH_KEY)
                .execute(Tuple.of(userId, singletonKey, types.toArray(String[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /**
     * {@link #unfinishedWithKey} on the connection of the caller's Hibernate transaction. A caller that holds a
     * transaction must not wait for a second pooled connection: a burst of such callers would hold every connection
     * and wait forever for one more.
     */
    public Uni<List<UUID>> unfinishedWithKeyInTransaction(String userId, String singletonKey, List<String> types) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery(UNFINISHED_WITH_KEY_IN_TRANSACTION, UUID.class)
                .setParameter("user", userId)
                .setParameter("key", singletonKey)
                .setParameter("types", types)
                .getResultList());
    }

    private static String unfinishedWithKey(String user, String key, String typeCondition) {
        // the states are written out as in the predicate of the partial unique index jobs_singleton, so that the
        // planner can use it
        return """
                SELECT j.id FROM jobs j
                 WHERE j.user_id = %s AND j.singleton_key = %s AND j.type %s
                   AND j.state IN ('queued', 'delayed', 'active', 'retrying')
                 ORDER BY j.created_at, j.id
                """.formatted(user, key, typeCondition);
    }

    /** A page of the jobs the query asks for, in its order; {@code userId} null means every user's. */
    public Uni<List<JobRecord>> list(String userId, JobQuery query) {
        Filter filter = Filter.of(userId, query);
        List<Object> values = new ArrayList<>(filter.values);
        values.add((long) query.limit());
        values.add((long) (query.page() - 1) * query.limit());
        String sql = "SELECT " + JobRecord.COLUMNS + " FROM jobs j" + filter.where()
                + " ORDER BY " + query.sort().orderBy()
                + " LIMIT $" + (values.size() - 1) + " OFFSET $" + values.size();
        return pool.preparedQuery(sql).execute(Tuple.from(values)).map(Jobs::records);
    }

    /** How many jobs the query matches over all its pages. */
    public Uni<Long> count(String userId, JobQuery query) {
        Filter filter = Filter.of(userId, query);
        return pool.preparedQuery("SELECT count(*) AS total FROM jobs j" + filter.where())
                .execute(Tuple.from(filter.values))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    private static List<JobRecord> records(RowSet<Row> rows) {
        List<JobRecord> records = new ArrayList<>(rows.size());
        rows.forEach(row -> records.add(JobRecord.of(row)));
        return records;
    }

    /** The filters of a query as SQL conditions, each value bound as the next parameter. */
    private static final class Filter {

        private final List<String> conditions = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        static Filter of(String userId, JobQuery query) {
            Filter filter = new Filter();
            if (userId != null) {
                filter.add("j.user_id = $%d", userId);
            }
            if (query.state() != null) {
                filter.add("j.state = $%d", query.state().wireName());
            }
            if (query.type() != null) {
                filter.add("j.type = $%d", query.type());
            }
            if (query.from() != null) {
                filter.add("j.created_at >= $%d", JobColumns.timestamptz(query.from()));
            }
            if (query.to() != null) {
                filter.add("j.created_at < $%d", JobColumns.timestamptz(query.to()));
            }
            if (query.jobId() != null) {
                filter.add("j.id = $%d", query.jobId());
            } else if (query.typePrefix() != null) {
                filter.add("j.type LIKE $%d ESCAPE '!'", JobQuery.likePrefix(query.typePrefix()));
            }
            return filter;
        }

        /** {@code condition} names its parameter {@code $%d}. */
        private void add(String condition, Object value) {
            values.add(value);
            conditions.add(condition.formatted(values.size()));
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }
    }
}
