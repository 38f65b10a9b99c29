package dev.jobhub.api.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobhub.api.job.PgErrors;
import dev.jobhub.api.job.WorkerFunctions;
import dev.jobhub.model.JobJsonCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The schema cache as api-service sees it: worker-service's SQL interface ({@code worker.schema_cache_head},
 * {@code worker.schema_cache_tables}, {@code worker.schema_cache_delete}), never its tables. A snapshot is read in
 * one read-only REPEATABLE READ transaction, so a rebuild that completes (and deletes the older snapshot) while a
 * client downloads does not cut the download short; its tables are read and written out a page at a time.
 */
@ApplicationScoped
public class SchemaCache {

    private static final ObjectMapper MAPPER = JobJsonCodec.mapper();

    private final Pool pool;
    private final int pageSize;

    public SchemaCache(Pool pool, @ConfigProperty(name = "jobhub.connections.schema-cache-page-size") int pageSize) {
        this.pool = pool;
        this.pageSize = pageSize;
    }

    /** The latest complete snapshot's header row. */
    public record Head(UUID snapshotId, Instant generatedAt, String fingerprint, String scope, List<String> schemaNames,
            int tableCount) {
    }

    /** One row of {@code schema_cache_tables}, its definition as the worker wrote it. */
    private record TableRow(int position, String schemaName, String definition) {
    }

    /**
     * An open, consistent read of a snapshot. Its session is released when {@link #body} ends (or is cancelled), or
     * by {@link #close()} if the body is not wanted.
     */
    public final class Read {

        private final SqlConnection session;
        private final UUID connectionId;
        private final Head head;

        private Read(SqlConnection session, UUID connectionId, Head head) {
            this.session = session;
            this.connectionId = connectionId;
            this.head = head;
        }

        public Head head() {
            return head;
        }

        /**
         * {@code {generatedAt, connectionId, scope, schemas: [{name, tables: [definition…]}]}}, in chunks of at most
         * one page of tables: memory stays bounded by the page size, however large the snapshot.
         */
        public Multi<byte[]> body() {
            SnapshotWriter writer = new SnapshotWriter(head.schemaNames());
            int[] after = {0};
            Multi<byte[]> pages = Multi.createBy().repeating()
                    .uni(() -> page(after[0]).invoke(rows -> {
                        if (!rows.isEmpty()) {
                            after[0] = rows.get(rows.size() - 1).position();
                        }
                    }))
                    .until(List::isEmpty)
                    .select().where(rows -> !rows.isEmpty())
                    .map(rows -> writer.tables(rows).getBytes(StandardCharsets.UTF_8));
            return Multi.createBy().concatenating().streams(
                            Multi.createFrom().item(() -> opening().getBytes(StandardCharsets.UTF_8)),
                            pages,
                            Multi.createFrom().item(() -> writer.end().getBytes(StandardCharsets.UTF_8)))
                    .onTermination().call(this::close);
        }

        public Uni<Void> close() {
            return session.close();
        }

        private String opening() {
            return "{\"generatedAt\":" + json(head.generatedAt().toString()) + ",\"connectionId\":"
                    + json(connectionId.toString()) + ",\"scope\":" + json(head.scope()) + ",\"schemas\":[";
        }

        private Uni<List<TableRow>> page(int afterPosition) {
            return session.preparedQuery("""
                            SELECT position, schema_name, definition::text AS definition
                              FROM worker.schema_cache_tables($1, $2, $3)""")
                    .execute(Tuple.of(head.snapshotId(), afterPosition, pageSize))
                    .map(rows -> {
                        List<TableRow> page = new ArrayList<>(pageSize);
                        rows.forEach(row -> page.add(new TableRow(row.getInteger("position"),
                                row.getString("schema_name"), row.getString("definition"))));
                        return page;
                    });
        }
    }

    /**
     * Opens a consistent read of the connection's latest complete snapshot: null (and nothing held) if there is
     * none, or if the worker schema does not exist yet.
     */
    public Uni<Read> open(UUID connectionId) {
        return pool.getConnection().flatMap(session -> session.begin()
                .flatMap(tx -> session.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute())
                .flatMap(set -> session.preparedQuery("SELECT * FROM worker.schema_cache_head($1)")
                        .execute(Tuple.of(connectionId)))
                .map(rows -> rows.size() == 0 ? null : head(rows.iterator().next()))
                .onFailure(PgErrors::isWorkerSchemaMissing).recoverWithNull()
                .onFailure().call(session::close)
                .flatMap(head -> head == null
                        ? session.close().replaceWith((Read) null)
                        : Uni.createFrom().item(new Read(session, connectionId, head))));
    }

    /** Deletes every snapshot of the connection; false if it had none (or the worker schema does not exist yet). */
    public Uni<Boolean> delete(UUID connectionId) {
        return pool.withTransaction(connection -> deleteWithin(connection, connectionId)).map(deleted -> deleted > 0);
    }

    /**
     * Deletes every snapshot of the connection in the caller's transaction; returns how many. A rebuild finishing
     * meanwhile cannot leave one behind: it completes its snapshot with an update of the row this deletes, so one of
     * the two waits for the other, and it finds its connection gone if the deletion came first.
     */
    Uni<Integer> deleteWithin(SqlConnection connection, UUID connectionId) {
        return WorkerFunctions.countFor(connection, "schema_cache_delete", connectionId);
    }

    private static Head head(Row row) {
        String[] names = row.getArrayOfStrings("schema_names");
        return new Head(row.getUUID("snapshot_id"), row.getOffsetDateTime("generated_at").toInstant(),
                row.getString("fingerprint"), row.getString("scope"), names == null ? List.of() : List.of(names),
                row.getInteger("table_count"));
    }

    static String json(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the {@code schemas} array from table rows that arrive grouped by schema in {@code schema_names} order;
     * a schema without tables is written with an empty {@code tables} list where it stands.
     */
    static final class SnapshotWriter {

        private final List<String> schemaNames;
        /** Index in schemaNames of the next schema to open. */
        private int next;
        private String open;
        private boolean firstSchema = true;
        private boolean firstTable;

        SnapshotWriter(List<String> schemaNames) {
            this.schemaNames = schemaNames;
        }

        private String tables(List<TableRow> rows) {
            StringBuilder out = new StringBuilder();
            for (TableRow row : rows) {
                if (!row.schemaName().equals(open)) {
                    closeSchema(out);
                    // schemas before this one that have no tables
                    int at = schemaNames.subList(next, schemaNames.size()).indexOf(row.schemaName());
                    int upTo = at < 0 ? next : next + at;
                    while (next < upTo) {
                        openSchema(out, schemaNames.get(next++));
                        closeSchema(out);
                    }
                    if (at >= 0) {
                        next++;
                    }
                    openSchema(out, row.schemaName());
                }
                if (!firstTable) {
                    out.append(',');
                }
                firstTable = false;
                out.append(row.definition());
            }
            return out.toString();
        }

        /** The rest of the document: schemas after the last table, and the closing brackets. */
        String end() {
            StringBuilder out = new StringBuilder();
            closeSchema(out);
            while (next < schemaNames.size()) {
                openSchema(out, schemaNames.get(next++));
                closeSchema(out);
            }
            return out.append("]}").toString();
        }

        private void openSchema(StringBuilder out, String name) {
            if (!firstSchema) {
                out.append(',');
            }
            firstSchema = false;
            out.append("{\"name\":").append(json(name)).append(",\"tables\":[");
            open = name;
            firstTable = true;
        }

        private void closeSchema(StringBuilder out) {
            if (open != null) {
                out.append("]}");
                open = null;
            }
        }
    }
}
