package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.stack.PlatformServices;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema rebuild through the whole platform: a database registered over REST, introspected by a worker that
 * reads the sealed password from the database (not from Kafka), its progress on the WebSocket, its snapshot in the
 * schema cache, its notification; a wrong password fails it with a clear message; the platform's own database cannot
 * be registered.
 */
class SchemaRebuildTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DATABASE = "shop_system_test";
    private static final String ROLE = "shop_owner";
    private static final String PASSWORD = "shop-Pa55-" + UUID.randomUUID();
    private static RunningPlatform platform;

    @BeforeAll
    static void shopDatabase() {
        platform = RunningPlatform.get();
        // a server of its own: the platform does not connect to its own database
        var postgres = SharedInfra.get().targetPostgres();
        postgres.psql("postgres", "DROP DATABASE IF EXISTS " + DATABASE);
        postgres.psql("postgres", "DROP ROLE IF EXISTS " + ROLE);
        postgres.psql("postgres", "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        postgres.psql("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
        postgres.psql(DATABASE, """
                SET ROLE shop_owner;
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (id bigint PRIMARY KEY, email varchar(200) NOT NULL UNIQUE);
                CREATE TABLE shop.orders (
                    id bigint PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
                    total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0));
                CREATE INDEX orders_by_customer ON shop.orders (customer_id);
                CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 1000;
                """);
    }

    @Test
    void aRebuildShowsItsProgressFillsTheCacheAndIsNotified() {
        String user = "alice-" + UUID.randomUUID();
        PlatformClient alice = new PlatformClient(platform, TestTokens.user(user));
        String connectionId = register(alice, PASSWORD);
        alice.api("POST", "/api/connections/" + connectionId + "/test", null).statusCode(200)
                .body("ok", equalTo(true));

        UUID jobId;
        try (WsTestClient socket = WsTestClient.connect(platform.webSocket(), TestTokens.user(user), false)) {
            jobId = rebuild(alice, connectionId);
            List<JsonNode> events = EndToEndTest.awaitEventsUntil(socket, jobId, "job.completed");
            assertThat(events).filteredOn(event -> event.get("type").asText().equals("job.progress"))
                    .extracting(event -> event.at("/progress/message").asText())
                    .first().asString().startsWith("Fetching schema metadata for shop.");

            JsonPath job = awaitFinal(alice, jobId);
            assertThat(job.getString("state")).isEqualTo("completed");
            // shop, and public (every database has it; empty here)
            assertThat(job.getInt("result.schemas")).isEqualTo(2);
            assertThat(job.getInt("result.tables")).isEqualTo(3);
            assertThat(job.getInt("result.foreignKeys")).isEqualTo(1);
            assertThat(job.getBoolean("result.unchanged")).isFalse();
        }

        var cache = alice.api("GET", "/api/connections/" + connectionId + "/schema-cache", null).statusCode(200);
        String etag = cache.extract().header("ETag");
        JsonNode snapshot = JobJsonCodec.fromJson(cache.extract().asString(), JsonNode.class);
        assertThat(snapshot.get("connectionId").asText()).isEqualTo(connectionId);
        JsonNode orders = table(snapshot, "shop", "orders");
        assertThat(orders.get("kind").asText()).isEqualTo("table");
        assertThat(orders.at("/foreignKeys/0/referencedTable").asText()).isEqualTo("customers");
        assertThat(orders.at("/foreignKeys/0/onDelete").asText()).isEqualTo("CASCADE");
        assertThat(table(snapshot, "shop", "big_orders").get("kind").asText()).isEqualTo("view");

        await().atMost(WAIT).until(() -> alice.notificationsOf(jobId).size() == 1);
        Map<String, Object> notification = alice.notificationsOf(jobId).get(0);
        assertThat(notification.get("title")).isEqualTo("Schema rebuild completed: 3 tables");
        assertThat((String) notification.get("message")).startsWith("3 tables in 2 schemas");

        // nothing changed: the next rebuild says so and the cache keeps its ETag
        JsonPath again = awaitFinal(alice, rebuild(alice, connectionId));
        assertThat(again.getBoolean("result.unchanged")).isTrue();
        alice.api("GET", "/api/connections/" + connectionId + "/schema-cache", null).statusCode(200)
                .header("ETag", equalTo(etag));

        // another user sees nothing of it
        PlatformClient bob = new PlatformClient(platform, TestTokens.user("bob-" + UUID.randomUUID()));
        bob.api("GET", "/api/connections/" + connectionId + "/schema-cache", null).statusCode(404);

        // deleting the connection deletes its cache
        alice.api("DELETE", "/api/connections/" + connectionId, null).statusCode(204);
        alice.api("GET", "/api/connections/" + connectionId + "/schema-cache", null).statusCode(404);
    }

    @Test
    void aWrongPasswordFailsTheRebuildWithAClearMessageAndNoSecret() {
        String user = "carol-" + UUID.randomUUID();
        PlatformClient carol = new PlatformClient(platform, TestTokens.user(user));
        String wrong = "not-the-password-" + UUID.randomUUID();
        String connectionId = register(carol, wrong);

        JsonPath job = awaitFinal(carol, rebuild(carol, connectionId));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("error.code")).isEqualTo("auth_failed");
        assertThat(job.getString("error.message")).contains(ROLE).doesNotContain(wrong);
        // a wrong password is not retried: one attempt
        assertThat(job.getInt("attempts")).isEqualTo(1);
        UUID jobId = UUID.fromString(job.getString("id"));
        await().atMost(WAIT).until(() -> carol.notificationsOf(jobId).size() == 1);
        Map<String, Object> notification = carol.notificationsOf(jobId).get(0);
        assertThat(notification.get("title")).isEqualTo("Schema rebuild failed");
        assertThat((String) notification.get("message")).contains("authentication failed").doesNotContain(wrong);
        carol.api("GET", "/api/connections/" + connectionId + "/schema-cache", null).statusCode(404);
    }

    @Test
    void thePlatformsOwnDatabaseIsRefusedAtRegistrationAlthoughLoopbackIsAllowed() {
        PlatformClient dave = new PlatformClient(platform, TestTokens.user("dave-" + UUID.randomUUID()));
        String body = JobJsonCodec.mapper().createObjectNode()
                .put("name", "platform-" + UUID.randomUUID())
                .put("kind", "postgresql")
                .put("host", "localhost")
                .put("port", SharedInfra.get().postgres().port())
                .put("database", PlatformServices.DATABASE)
                .put("username", PlatformServices.DB_USER)
                .put("password", PlatformServices.DB_PASSWORD)
                .toString();
        dave.api("POST", "/api/connections", body).statusCode(400)
                .body("errors[0].field", equalTo("host"))
                .body("errors[0].message", containsString("the platform's own database"));
    }

    private static String register(PlatformClient client, String password) {
        String body = JobJsonCodec.mapper().createObjectNode()
                .put("name", "shop-" + UUID.randomUUID())
                .put("kind", "postgresql")
                .put("host", "127.0.0.1")
                .put("port", SharedInfra.get().targetPostgres().port())
                .put("database", DATABASE)
                .put("username", ROLE)
                .put("password", password)
                .put("sslMode", "disable")
                .toString();
        return client.api("POST", "/api/connections", body).statusCode(201)
                .body("hasPassword", equalTo(true))
                .extract().path("id");
    }

    private static UUID rebuild(PlatformClient client, String connectionId) {
        String jobId = client.api("POST", "/api/connections/" + connectionId + "/rebuild", "{}").statusCode(202)
                .extract().path("jobId");
        return UUID.fromString(jobId);
    }

    private static JsonPath awaitFinal(PlatformClient client, UUID jobId) {
        await().atMost(WAIT).until(() -> List.of("completed", "failed", "cancelled").contains(client.state(jobId)));
        return client.job(jobId).statusCode(200).extract().jsonPath();
    }

    private static JsonNode table(JsonNode snapshot, String schema, String name) {
        for (JsonNode s : snapshot.get("schemas")) {
            if (s.get("name").asText().equals(schema)) {
                for (JsonNode table : s.get("tables")) {
                    if (table.get("name").asText().equals(name)) {
                        return table;
                    }
                }
            }
        }
        throw new AssertionError("no table " + schema + "." + name + " in the snapshot");
    }
}
