package dev.jobhub.worker.schema;

import dev.jobhub.model.JobError;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.support.connection.TargetDatabase;
import dev.jobhub.support.egress.CheckedEndpoint;
import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.worker.job.JobContext;
import dev.jobhub.worker.job.JobFailedException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One schema introspection, shared by {@code schema.rebuild} and {@code schema.train}: the connection through the
 * credential path, its host checked by the egress guard and dialled on the checked address, the catalog read a
 * batch of tables at a time, each batch stored as soon as it is built, the snapshot completed (or found unchanged)
 * at the end. What any table's details cost is released after its batch.
 */
@ApplicationScoped
public class SchemaIntrospection {

    static final String APPLICATION_NAME = "jobhub-schema-introspection";

    private final ConnectionCredentials credentials;
    private final SchemaSnapshotStore store;
    private final SchemaConfig config;
    private final EgressGuard egress;

    public SchemaIntrospection(ConnectionCredentials credentials, SchemaSnapshotStore store, SchemaConfig config,
            EgressGuard egress) {
        this.credentials = credentials;
        this.store = store;
        this.config = config;
        this.egress = egress;
    }

    public SchemaRebuildResult run(SchemaSelection selection, JobContext context) throws SQLException {
        long began = System.nanoTime();
        int stale = store.deleteStaleStaged(config.stagedTtl());
        if (stale > 0) {
            Log.infof("deleted %d stale staged schema snapshot(s)", stale);
        }
        TargetDatabase target = credentials.load(selection.connectionId(), context.command().userId());
        CheckedEndpoint endpoint = checked(target, selection);
        context.cancellation().throwIfCancelled();
        SchemaSnapshotStore.Outcome outcome;
        try (Connection connection = target.open(APPLICATION_NAME, endpoint)) {
            pinSearchPath(connection);
            outcome = introspect(new CatalogIntrospector(connection, selection), selection, context);
        } catch (SQLException e) {
            ConnectionFailure failure = ConnectionFailure.of(e, target);
            // the driver's text stays out of the log too: it may quote the server
            Log.infof("schema introspection of connection %s failed: %s (SQLSTATE %s)", selection.connectionId(),
                    failure.code(), e.getSQLState());
            throw new JobFailedException(new JobError(failure.code(), failure.message(), failure.retryable()));
        }
        long durationMs = (System.nanoTime() - began) / 1_000_000;
        Log.infof("schema of connection %s: %d schemas, %d tables, %d columns in %d ms%s", selection.connectionId(),
                outcome.schemas(), outcome.tables(), outcome.columns(), durationMs,
                outcome.unchanged() ? " (unchanged)" : "");
        return new SchemaRebuildResult(outcome.schemas(), outcome.tables(), outcome.columns(), outcome.indexes(),
                outcome.foreignKeys(), durationMs, outcome.unchanged(), outcome.fingerprint(),
                outcome.generatedAt());
    }

    /**
     * The egress guard's check of the target, made again before every dial: the host's DNS answer may have changed
     * since it was registered, and the row may have been changed behind the API. A refusal fails the job for good,
     * without dialling anything.
     */
    private CheckedEndpoint checked(TargetDatabase target, SchemaSelection selection) {
        ConnectionFailure failure;
        try {
            return egress.check(target.host(), target.port(), EgressPurpose.DATABASE);
        } catch (EgressRefusedException e) {
            failure = ConnectionFailure.refused(e);
        } catch (UnknownHostException e) {
            failure = ConnectionFailure.unknownHost(target);
        } catch (IllegalArgumentException e) {
            failure = new ConnectionFailure(ConnectionFailure.ADDRESS_REFUSED, "the host is not a host name or an IP "
                    + "address: " + e.getMessage(), false);
        }
        Log.infof("schema introspection of connection %s not dialled: %s", selection.connectionId(),
                failure.code());
        throw new JobFailedException(new JobError(failure.code(), failure.message(), failure.retryable()));
    }

    /**
     * Only pg_catalog on the search path: format_type and pg_get_expr then qualify every user type and relation
     * with its schema, whatever the role's own search_path, so the snapshot (and its fingerprint) does not change
     * when only that setting does.
     */
    private static void pinSearchPath(Connection connection) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("SET search_path = pg_catalog");
        }
    }

    private SchemaSnapshotStore.Outcome introspect(CatalogIntrospector catalog, SchemaSelection selection,
            JobContext context) throws SQLException {
        List<String> schemas = catalog.schemas();
        List<TableRef> tables = catalog.tables(schemas);
        // microseconds: what timestamptz keeps, so the result's generatedAt equals the stored one
        Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ProgressReporter progress = new ProgressReporter(context, tables.size());
        try (SchemaSnapshotStore.StagedSnapshot snapshot = store.stage(selection, context.command().userId(),
                context.command().jobId(), generatedAt, schemas)) {
            int batchSize = Math.max(1, config.batchSize());
            for (int from = 0; from < tables.size(); from += batchSize) {
                context.cancellation().throwIfCancelled();
                List<TableRef> batch = tables.subList(from, Math.min(tables.size(), from + batchSize));
                int done = from;
                for (TableDefinition table : catalog.describe(batch)) {
                    context.cancellation().throwIfCancelled();
                    snapshot.add(table);
                    progress.tableDone(++done, table.schema() + "." + table.name());
                }
                snapshot.flush();
            }
            context.cancellation().throwIfCancelled();
            return snapshot.finish(selection.full() && !selection.force());
        }
    }

    /** Progress per table, but at most one event per interval besides the first and the last table. */
    private final class ProgressReporter {
        private final JobContext context;
        private final int total;
        private long lastSent;

        ProgressReporter(JobContext context, int total) {
            this.context = context;
            this.total = total;
        }

        void tableDone(int done, String qualifiedName) {
            long now = System.nanoTime();
            if (done == 1 || done == total || now - lastSent >= config.progressInterval().toNanos()) {
                lastSent = now;
                context.progress(Progress.of(done, total, "Fetching schema metadata for " + qualifiedName + "…"));
            }
        }
    }
}
