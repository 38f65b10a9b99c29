package dev.jobhub.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.model.JobError;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.worker.job.JobCancelledException;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a schema job fails: a clear code and message for each way the target database can refuse, never the
 * password, and no snapshot left behind.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaIntrospectionFailureTest {

    static final String DATABASE = "wk_fail";
    static final String PASSWORD = "Fail-Secret-77c1";
    static final String CLOSED_DATABASE = "wk_fail_closed";
    static final String OUTSIDER = "wk_fail_outsider";

    private static boolean created;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemaRebuildJobHandler rebuild;

    @BeforeEach
    void fixture() {
        SchemaFixtures.ensureApiSchema(dataSource);
        synchronized (SchemaIntrospectionFailureTest.class) {
            if (!created) {
                SchemaFixtures.createDatabase(DATABASE, PASSWORD, """
                        CREATE TABLE a (id int PRIMARY KEY);
                        CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
                        CREATE TABLE c (id int PRIMARY KEY, note text DEFAULT 'x')""");
                // a database the outsider may not connect to: CONNECT is revoked from PUBLIC
                SchemaFixtures.psql("postgres", "CREATE ROLE " + OUTSIDER + " LOGIN PASSWORD '" + PASSWORD + "'");
                SchemaFixtures.psql("postgres", "CREATE DATABASE " + CLOSED_DATABASE);
                SchemaFixtures.psql("postgres", "REVOKE CONNECT ON DATABASE " + CLOSED_DATABASE + " FROM PUBLIC");
                created = true;
            }
        }
    }

    @Test
    void anUnreachableServer() {
        UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, SchemaFixtures.LOCALHOST,
                Ports.freePort(), DATABASE, DATABASE, PASSWORD, "{\"connectTimeoutMs\": 2000}");

        JobError error = failure(id);

        assertThat(error.code()).isEqualTo(ConnectionFailure.UNREACHABLE);
        assertThat(error.retryable()).isTrue();
        assertThat(error.message()).startsWith("no PostgreSQL server could be reached on 127.0.0.1:");
    }

    @Test
    void aWrongPassword() {
        String wrong = "Not-The-Password-51b2";
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, wrong);

        JobError error = failure(id);

        assertThat(error.code()).isEqualTo(ConnectionFailure.AUTH_FAILED);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("authentication failed for user \"" + DATABASE + "\"")
                .doesNotContain(wrong);
    }

    @Test
    void anUnknownDatabase() {
        UUID id = SchemaFixtures.register(dataSource, "wk_fail_nonexistent", DATABASE, PASSWORD);

        JobError error = failure(id);

        assertThat(error.code()).isEqualTo(ConnectionFailure.DATABASE_NOT_FOUND);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("database \"wk_fail_nonexistent\" does not exist");
    }

    @Test
    void aMissingConnectPrivilege() {
        UUID id = SchemaFixtures.register(dataSource, CLOSED_DATABASE, OUTSIDER, PASSWORD);

        JobError error = failure(id);

        assertThat(error.code()).isEqualTo(ConnectionFailure.PERMISSION_DENIED);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("user \"" + OUTSIDER + "\" lacks a privilege");
    }

    @Test
    void aStatementTimeout() {
        UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, SchemaFixtures.LOCALHOST,
                SchemaFixtures.port(), DATABASE, DATABASE, PASSWORD, "{\"statementTimeoutMs\": 300}");
        // the column query reads pg_attrdef: a superuser holding it locked makes that query wait past its timeout
        CompletableFuture<String> lock = CompletableFuture.supplyAsync(() -> SchemaFixtures.psql(DATABASE,
                "BEGIN; LOCK TABLE pg_catalog.pg_attrdef IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;"));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SchemaFixtures.psql(DATABASE, """
                    SELECT count(*) FROM pg_locks WHERE relation = 'pg_catalog.pg_attrdef'::regclass
                       AND mode = 'AccessExclusiveLock' AND granted""").trim().equals("1"));

            JobError error = failure(id);

            assertThat(error.code()).isEqualTo(ConnectionFailure.STATEMENT_TIMEOUT);
            assertThat(error.retryable()).isTrue();
            assertThat(error.message()).contains("ran over the 300 ms statement timeout");
        } finally {
            lock.join();
        }
    }

    @Test
    void anotherUsersConnectionIsNotFound() {
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);
        RecordingJobContext context = new RecordingJobContext(SchemaFixtures.rebuildCommand(id, true, "mallory"),
                new SchemaRebuildPayload(id, true));

        JobError error = failure(context);

        assertThat(error.code()).isEqualTo(ConnectionCredentials.CONNECTION_NOT_FOUND);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).isEqualTo("connection " + id + " does not exist (or is not yours)");
    }

    @Test
    void aPasswordSealedForAnotherConnectionDoesNotOpen() {
        UUID id = UUID.randomUUID();
        SchemaFixtures.insert(dataSource, id, SchemaFixtures.OWNER, SchemaFixtures.LOCALHOST, SchemaFixtures.port(),
                DATABASE, DATABASE, SchemaFixtures.CIPHER.seal(PASSWORD, UUID.randomUUID().toString()), "{}");

        JobError error = failure(id);

        assertThat(error.code()).isEqualTo(ConnectionCredentials.CREDENTIAL_UNREADABLE);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void aConnectionDeletedDuringTheRunLeavesNoSnapshot() {
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);
        RecordingJobContext context = SchemaIntrospectionTest.rebuildContext(id, true)
                .onProgress(ctx -> {
                    if (ctx.progress().size() == 1) {
                        SchemaFixtures.deleteConnection(dataSource, id);
                    }
                });

        JobError error = failure(context);

        assertThat(error.code()).isEqualTo(SchemaSnapshotStore.CONNECTION_DELETED);
        assertThat(error.retryable()).isFalse();
        assertThat(snapshots(id)).isZero();
    }

    @Test
    void aCancelledRunStopsAndLeavesNoSnapshot() {
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);
        RecordingJobContext context = SchemaIntrospectionTest.rebuildContext(id, true)
                .onProgress(ctx -> ctx.cancellation().cancel("the user cancelled it"));

        assertThatThrownBy(() -> rebuild.run(context)).isInstanceOf(JobCancelledException.class);

        assertThat(context.progress()).hasSize(1);
        assertThat(snapshots(id)).isZero();
        assertThat(SchemaFixtures.cached(dataSource, id)).isNull();
    }

    @Test
    void staleStagedSnapshotsAreDeletedWhenARunStarts() throws Exception {
        UUID crashed = UUID.randomUUID();
        SchemaFixtures.update(dataSource, "INSERT INTO worker.schema_snapshots (id, connection_id, user_id, job_id, "
                + "scope, generated_at) VALUES ('" + crashed + "', '" + UUID.randomUUID() + "', 'alice', '"
                + UUID.randomUUID() + "', 'full', now() - interval '2 hours')");
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);

        rebuild.run(SchemaIntrospectionTest.rebuildContext(id, true));

        assertThat(SchemaFixtures.count(dataSource,
                "SELECT count(*) FROM worker.schema_snapshots WHERE id = '" + crashed + "'")).isZero();
        assertThat(SchemaFixtures.cached(dataSource, id).tableCount()).isEqualTo(3);
    }

    private JobError failure(UUID connectionId) {
        return failure(SchemaIntrospectionTest.rebuildContext(connectionId, true));
    }

    private JobError failure(RecordingJobContext context) {
        UUID connectionId = context.payload(SchemaRebuildPayload.class).connectionId();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> rebuild.run(context));
        assertThat(thrown).isInstanceOf(JobFailedException.class);
        JobError error = ((JobFailedException) thrown).error();
        assertThat(error.message()).doesNotContain(PASSWORD);
        assertThat(snapshots(connectionId)).as("no snapshot, staged or complete").isZero();
        return error;
    }

    private long snapshots(UUID connectionId) {
        return SchemaFixtures.count(dataSource,
                "SELECT count(*) FROM worker.schema_snapshots WHERE connection_id = '" + connectionId + "'");
    }
}
