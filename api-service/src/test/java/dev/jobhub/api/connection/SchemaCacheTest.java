package dev.jobhub.api.connection;

import static dev.jobhub.api.connection.ConnectionApi.PROBLEM;
import static dev.jobhub.api.connection.ConnectionApi.createFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobhub.api.WorkerSchema;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET/DELETE /api/connections/{id}/schema-cache over worker-service's real SQL interface (its migration applied as
 * worker-service would), with snapshots inserted by SQL as the worker writes them.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE_A = "{\"name\":\"accounts\",\"kind\":\"table\",\"columns\":[{\"name\":\"id\","
            + "\"ordinal\":1,\"type\":\"bigint\",\"nullable\":false,\"default\":null}],"
            + "\"primaryKey\":{\"name\":\"accounts_pkey\",\"columns\":[\"id\"]}}";
    private static final String TABLE_B = "{\"name\":\"v_accounts\",  \"kind\":\"view\"}";
    private static final String TABLE_C = "{\"name\":\"orders\",\"kind\":\"table\",\"foreignKeys\":[]}";

    @BeforeEach
    void workerSchema() {
        WorkerSchema.ensure();
    }

    /** A complete snapshot: schemas public (2 tables), empty (none), sales (1 table). */
    private static UUID snapshot(UUID connectionId, String user, Instant generatedAt, String fingerprint) {
        UUID id = UUID.randomUUID();
        JobRows.update("""
                INSERT INTO worker.schema_snapshots (id, connection_id, user_id, job_id, scope, generated_at,
                    schema_names, fingerprint, table_count, complete)
                VALUES (?, ?, ?, ?, 'full', ?, ARRAY['public', 'empty', 'sales'], ?, 3, true)""",
                id, connectionId, user, UUID.randomUUID(), generatedAt, fingerprint);
        table(id, 1, "public", TABLE_A);
        table(id, 2, "public", TABLE_B);
        table(id, 3, "sales", TABLE_C);
        return id;
    }

    private static void table(UUID snapshotId, int position, String schema, String definition) {
        JobRows.update("INSERT INTO worker.schema_snapshot_tables VALUES (?, ?, ?, ?::json)", snapshotId, position,
                schema, definition);
    }

    private static ValidatableResponse getCache(String token, UUID id) {
        return given().auth().oauth2(token).when().get("/api/connections/" + id + "/schema-cache").then();
    }

    private static ValidatableResponse deleteCache(String token, UUID id) {
        return given().auth().oauth2(token).when().delete("/api/connections/" + id + "/schema-cache").then();
    }

    @Test
    void theLatestCompleteSnapshotIsServedInTheIssuesShapeWithItsDefinitionsVerbatim() throws IOException {
        String user = JobRows.uniqueUser("cache");
        UUID id = createFor(user, "cached");
        Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        snapshot(id, user, generatedAt.minusSeconds(3600), "old");
        snapshot(id, user, generatedAt, "f1ngerprint");
        // a newer snapshot still being written is not served
        JobRows.update("""
                INSERT INTO worker.schema_snapshots (id, connection_id, user_id, job_id, scope, generated_at, complete)
                VALUES (?, ?, ?, ?, 'full', now(), false)""", UUID.randomUUID(), id, user, UUID.randomUUID());

        ValidatableResponse response = getCache(TestTokens.user(user), id).statusCode(200)
                .contentType(containsString("application/json"))
                .header("ETag", equalTo("\"f1ngerprint\""))
                .header("Last-Modified", equalTo(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        generatedAt.atOffset(ZoneOffset.UTC))));
        String text = response.extract().asString();
        JsonNode expected = JSON.readTree("{\"generatedAt\":\"" + generatedAt + "\",\"connectionId\":\"" + id
                + "\",\"scope\":\"full\",\"schemas\":[{\"name\":\"public\",\"tables\":[" + TABLE_A + "," + TABLE_B
                + "]},{\"name\":\"empty\",\"tables\":[]},{\"name\":\"sales\",\"tables\":[" + TABLE_C + "]}]}");
        assertThat(JSON.readTree(text)).isEqualTo(expected);
        // the worker's text, key order and spacing included
        assertThat(text).contains(TABLE_A).contains(TABLE_B).contains(TABLE_C);
        assertThat(text).startsWith("{\"generatedAt\":");

        given().auth().oauth2(TestTokens.user(user)).header("If-None-Match", "\"f1ngerprint\"")
                .when().get("/api/connections/" + id + "/schema-cache").then()
                .statusCode(304)
                .header("ETag", equalTo("\"f1ngerprint\""));
        given().auth().oauth2(TestTokens.user(user)).header("If-None-Match", "\"old\"")
                .when().get("/api/connections/" + id + "/schema-cache").then().statusCode(200);

        getCache(TestTokens.user(JobRows.uniqueUser("other")), id).statusCode(404).contentType(PROBLEM);
        deleteCache(TestTokens.user(JobRows.uniqueUser("other")), id).statusCode(404);
        getCache(TestTokens.admin("root"), id).statusCode(200).header("ETag", equalTo("\"f1ngerprint\""));

        deleteCache(TestTokens.user(user), id).statusCode(204);
        getCache(TestTokens.user(user), id).statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("no schema cache yet"));
        deleteCache(TestTokens.user(user), id).statusCode(404);
        assertThat(JobRows.count("SELECT count(*) FROM worker.schema_snapshots WHERE connection_id = ?", id)).isZero();
    }

    @Test
    void aLargeSnapshotIsStreamedInOrderAcrossPages() throws IOException {
        String user = JobRows.uniqueUser("cache");
        UUID id = createFor(user, "large");
        UUID snapshotId = UUID.randomUUID();
        JobRows.update("""
                INSERT INTO worker.schema_snapshots (id, connection_id, user_id, job_id, scope, generated_at,
                    schema_names, fingerprint, table_count, complete)
                VALUES (?, ?, ?, ?, 'selective', now(), ARRAY['s0', 's1', 's2'], 'big', 1200, true)""",
                snapshotId, id, user, UUID.randomUUID());
        // 1,200 tables (more than two pages of 500): schema s0 gets 0..399, s1 none, s2 400..1199
        JobRows.update("""
                INSERT INTO worker.schema_snapshot_tables
                SELECT ?, n, CASE WHEN n <= 400 THEN 's0' ELSE 's2' END,
                       json_build_object('name', 't' || n, 'kind', 'table')
                  FROM generate_series(1, 1200) AS n""", snapshotId);

        JsonNode cache = JSON.readTree(getCache(TestTokens.user(user), id).statusCode(200).extract().asString());
        assertThat(cache.get("scope").asText()).isEqualTo("selective");
        JsonNode schemas = cache.get("schemas");
        assertThat(schemas).hasSize(3);
        assertThat(schemas.get(0).get("tables")).hasSize(400);
        assertThat(schemas.get(1).get("name").asText()).isEqualTo("s1");
        assertThat(schemas.get(1).get("tables")).isEmpty();
        assertThat(schemas.get(2).get("tables")).hasSize(800);
        assertThat(schemas.get(2).get("tables").get(799).get("name").asText()).isEqualTo("t1200");
        assertThat(schemas.get(0).get("tables").get(399).get("name").asText()).isEqualTo("t400");
    }

    @Test
    void noSnapshotYetIs404() {
        String user = JobRows.uniqueUser("cache");
        UUID id = createFor(user, "fresh");
        getCache(TestTokens.user(user), id).statusCode(404).contentType(PROBLEM);
        deleteCache(TestTokens.user(user), id).statusCode(404);
        getCache(TestTokens.user(user), UUID.randomUUID()).statusCode(404);
    }

    @Test
    void withoutTheWorkerSchemaTheCacheIs404AndAConnectionCanStillBeDeleted() {
        String user = JobRows.uniqueUser("cache");
        UUID id = createFor(user, "early");
        WorkerSchema.drop();
        try {
            getCache(TestTokens.user(user), id).statusCode(404).contentType(PROBLEM)
                    .body("detail", containsString("no schema cache yet"));
            deleteCache(TestTokens.user(user), id).statusCode(404);
            ConnectionApi.delete(TestTokens.user(user), id).statusCode(204);
        } finally {
            WorkerSchema.apply();
        }
    }

    @Test
    void deletingAConnectionDeletesItsCache() {
        String user = JobRows.uniqueUser("cache");
        UUID id = createFor(user, "gone");
        snapshot(id, user, Instant.now(), "fp");
        getCache(TestTokens.user(user), id).statusCode(200).header("ETag", notNullValue());

        ConnectionApi.delete(TestTokens.user(user), id).statusCode(204);

        assertThat(JobRows.count("SELECT count(*) FROM worker.schema_snapshots WHERE connection_id = ?", id)).isZero();
        getCache(TestTokens.user(user), id).statusCode(404);
    }

    /**
     * The deletion's last step (the cache) is made to fail, standing for a crash between steps: nothing of the
     * connection has gone, not its row, its schedule, its queued rebuild nor its cache. Deleted again once the step
     * works, all of it goes.
     */
    @Test
    void aDeletionThatFailsPartWayLeavesTheWholeConnection() {
        String user = JobRows.uniqueUser("cache");
        String token = TestTokens.user(user);
        UUID id = UUID.fromString(ConnectionApi.create(token,
                        ConnectionApi.body("atomic", "\"rebuildSchedule\":{\"cron\":\"0 4 * * *\"}"))
                .statusCode(201).extract().path("id"));
        UUID scheduleId = UUID.fromString(ConnectionApi.get(token, id).extract().path("rebuildSchedule.scheduleId"));
        String jobId = ConnectionApi.post(token, id, "rebuild", null).statusCode(202).extract().path("jobId");
        snapshot(id, user, Instant.now(), "fp");
        JobRows.update("""
                CREATE FUNCTION worker.refuse_snapshot_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.connection_id = '%s' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                    RETURN OLD;
                END $$""".formatted(id));
        JobRows.update("""
                CREATE TRIGGER refuse_snapshot_delete BEFORE DELETE ON worker.schema_snapshots
                    FOR EACH ROW EXECUTE FUNCTION worker.refuse_snapshot_delete()""");
        try {
            ConnectionApi.delete(token, id).statusCode(500);
        } finally {
            JobRows.update("DROP TRIGGER refuse_snapshot_delete ON worker.schema_snapshots");
            JobRows.update("DROP FUNCTION worker.refuse_snapshot_delete()");
        }

        ConnectionApi.get(token, id).statusCode(200).body("rebuildSchedule.scheduleId", equalTo(scheduleId.toString()));
        given().auth().oauth2(token).when().get("/api/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("queued"));
        getCache(token, id).statusCode(200);

        ConnectionApi.delete(token, id).statusCode(204);

        ConnectionApi.get(token, id).statusCode(404);
        assertThat(JobRows.count("SELECT count(*) FROM api.schedules WHERE id = ?", scheduleId)).isZero();
        given().auth().oauth2(token).when().get("/api/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("cancelled"));
        assertThat(JobRows.count("SELECT count(*) FROM worker.schema_snapshots WHERE connection_id = ?", id)).isZero();
    }
}
