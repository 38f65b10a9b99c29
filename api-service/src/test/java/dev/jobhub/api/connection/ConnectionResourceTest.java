package dev.jobhub.api.connection;

import static dev.jobhub.api.connection.ConnectionApi.PROBLEM;
import static dev.jobhub.api.connection.ConnectionApi.body;
import static dev.jobhub.api.connection.ConnectionApi.create;
import static dev.jobhub.api.connection.ConnectionApi.createFor;
import static dev.jobhub.api.connection.ConnectionApi.delete;
import static dev.jobhub.api.connection.ConnectionApi.get;
import static dev.jobhub.api.connection.ConnectionApi.list;
import static dev.jobhub.api.connection.ConnectionApi.patch;
import static dev.jobhub.api.connection.ConnectionApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.support.connection.CredentialCipher;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connections through the public API: CRUD, the write-only password, validation, who sees what, the test. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ConnectionResourceTest {

    /** A role of the test PostgreSQL with a password seen nowhere else, so a leak of it is recognisable. */
    static final String ROLE = "conn_resource_reader";
    static final String SECRET = "Pw-" + UUID.randomUUID();

    @Inject
    CredentialCipher cipher;

    @BeforeAll
    static void createRole() {
        ConnectionApi.target().psql("postgres", "DROP ROLE IF EXISTS " + ROLE + "; CREATE ROLE " + ROLE
                + " LOGIN PASSWORD '" + SECRET + "'");
    }

    static String readerBody(String name, String extra) {
        return body(name, "\"sslMode\":\"disable\"" + (extra.isEmpty() ? "" : "," + extra))
                .replace("\"username\":\"" + ConnectionApi.USER + "\"", "\"username\":\"" + ROLE + "\"")
                .replace("\"password\":\"" + ConnectionApi.PASSWORD + "\"", "\"password\":\"" + SECRET + "\"");
    }

    @Test
    void createdConnectionShowsItsFieldsButNeverThePasswordWhichIsStoredSealed() {
        String user = JobRows.uniqueUser("conn");
        ValidatableResponse created = create(TestTokens.user(user), readerBody("warehouse",
                "\"options\":{\"connectTimeoutMs\":2000,\"statementTimeoutMs\":30000}"))
                .statusCode(201)
                .header("Location", containsString("/api/connections/"))
                .body("userId", equalTo(user))
                .body("name", equalTo("warehouse"))
                .body("kind", equalTo("postgresql"))
                .body("host", equalTo("127.0.0.1"))
                .body("port", equalTo(ConnectionApi.target().port()))
                .body("database", equalTo(ConnectionApi.DATABASE))
                .body("username", equalTo(ROLE))
                .body("hasPassword", equalTo(true))
                .body("sslMode", equalTo("disable"))
                .body("options.connectTimeoutMs", equalTo(2000))
                .body("options.statementTimeoutMs", equalTo(30000))
                .body("rebuildSchedule", nullValue())
                .body("password", nullValue());
        assertThat(created.extract().asString()).doesNotContain(SECRET);
        UUID id = UUID.fromString(created.extract().path("id"));
        assertThat(created.extract().header("Location")).endsWith("/api/connections/" + id);

        String sealed = (String) JobRows.value("SELECT password_sealed FROM api.connections WHERE id = ?", id);
        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET);
        assertThat(cipher.open(sealed, id.toString())).isEqualTo(SECRET);
        String row = (String) JobRows.value("SELECT row_to_json(c)::text FROM api.connections c WHERE id = ?", id);
        assertThat(row).doesNotContain(SECRET);

        assertThat(get(TestTokens.user(user), id).statusCode(200).body("hasPassword", equalTo(true))
                .extract().asString()).doesNotContain(SECRET);
        assertThat(list(TestTokens.user(user), "").statusCode(200).extract().asString()).doesNotContain(SECRET)
                .contains(id.toString());
    }

    @Test
    void patchChangesOnlyWhatItNamesAndANullPasswordClearsIt() {
        String user = JobRows.uniqueUser("conn");
        UUID id = createFor(user, "patchable");
        String before = (String) JobRows.value("SELECT password_sealed FROM api.connections WHERE id = ?", id);

        patch(TestTokens.user(user), id, "{\"port\":6543,\"options\":{\"statementTimeoutMs\":1000}}")
                .statusCode(200)
                .body("port", equalTo(6543))
                .body("name", equalTo("patchable"))
                .body("hasPassword", equalTo(true))
                .body("options.statementTimeoutMs", equalTo(1000));
        assertThat(JobRows.value("SELECT password_sealed FROM api.connections WHERE id = ?", id)).isEqualTo(before);

        patch(TestTokens.user(user), id, "{\"password\":\"other-" + SECRET + "\"}").statusCode(200)
                .body("hasPassword", equalTo(true))
                .body("port", equalTo(6543));
        String changed = (String) JobRows.value("SELECT password_sealed FROM api.connections WHERE id = ?", id);
        assertThat(cipher.open(changed, id.toString())).isEqualTo("other-" + SECRET);

        patch(TestTokens.user(user), id, "{\"password\":null}").statusCode(200).body("hasPassword", equalTo(false));
        assertThat(JobRows.value("SELECT password_sealed FROM api.connections WHERE id = ?", id)).isNull();

        patch(TestTokens.user(user), id, "{\"port\":0}").statusCode(400).body("errors.field", hasItem("port"));
        get(TestTokens.user(user), id).statusCode(200).body("port", equalTo(6543));
    }

    @Test
    void invalidFieldsAre400sNamingTheFieldAndNeverQuotingThePassword() {
        String token = TestTokens.user(JobRows.uniqueUser("conn"));
        invalid(token, body("a", "").replace("\"postgresql\"", "\"mysql\""), "kind");
        invalid(token, body("a", "").replace("\"127.0.0.1\"", "\"a b\""), "host");
        invalid(token, body("a", "").replace("\"127.0.0.1\"", "\"evil/host\""), "host");
        invalid(token, body("a", "").replace("\"127.0.0.1\"", "\"user@host\""), "host");
        // a host name or an IP literal, nothing else: no port, no URL, no zone id, no brackets around a name
        for (String host : List.of("127.0.0.1:22", "http://db.example.com", "db.example.com:5432", "[::1]:5432",
                "[db.example.com]", "fe80::1%eth0", "[fe80::1%25eth0]", "127.1", "0177.0.0.1", " 10.0.0.1",
                "db..example.com", "")) {
            String answer = invalid(token, body("a", "").replace("\"127.0.0.1\"", "\"" + host + "\""), "host");
            assertThat(answer).as(host).contains("'host' ");
        }
        invalid(token, body("a", "").replace("\"host\":\"127.0.0.1\",", ""), "host");
        invalid(token, body("a", "").replaceFirst("\"port\":\\d+", "\"port\":0"), "port");
        invalid(token, body("a", "").replaceFirst("\"port\":\\d+", "\"port\":70000"), "port");
        invalid(token, body("a", "\"options\":{\"applicationName\":\"x\"}"), "options.applicationName");
        invalid(token, body("a", "\"options\":{\"connectTimeoutMs\":99}"), "options.connectTimeoutMs");
        invalid(token, body("a", "\"sslMode\":\"sometimes\""), "sslMode");
        invalid(token, body("a", "").replace("\"database\":\"" + ConnectionApi.DATABASE + "\"",
                "\"database\":\"" + "d".repeat(64) + "\""), "database");
        invalid(token, body("a", "").replace("\"username\":\"" + ConnectionApi.USER + "\"", "\"username\":\"\""),
                "username");
        invalid(token, body("", ""), "name");
        invalid(token, body("a", "\"rebuildSchedule\":{\"cron\":\"every day\"}"), "rebuildSchedule.cron");
        String tooLong = "x".repeat(1025);
        String answer = invalid(token, body("a", "").replace("\"password\":\"" + ConnectionApi.PASSWORD + "\"",
                "\"password\":\"" + tooLong + "\""), "password");
        assertThat(answer).doesNotContain(tooLong);
        // a malformed body is described by position, not by quoting what was sent
        String malformed = create(token, "{\"name\":\"a\",\"password\": " + SECRET + "}").statusCode(400)
                .contentType(PROBLEM).extract().asString();
        assertThat(malformed).doesNotContain(SECRET);
    }

    private static String invalid(String token, String body, String field) {
        return create(token, body).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem(field))
                .extract().asString();
    }

    @Test
    void aNameIsUniquePerUser() {
        String user = JobRows.uniqueUser("conn");
        createFor(user, "same");
        create(TestTokens.user(user), body("same", "")).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("same"));
        // another user may use the name
        createFor(JobRows.uniqueUser("conn"), "same");
        UUID other = createFor(user, "other");
        patch(TestTokens.user(user), other, "{\"name\":\"same\"}").statusCode(409);
    }

    @Test
    void aUserSeesOnlyTheirOwnConnectionsAndAdminsSeeAll() {
        String alice = JobRows.uniqueUser("alice");
        String bob = JobRows.uniqueUser("bob");
        UUID alices = createFor(alice, "alices");
        UUID bobs = createFor(bob, "bobs");

        get(TestTokens.user(bob), alices).statusCode(404).contentType(PROBLEM);
        patch(TestTokens.user(bob), alices, "{\"port\":1}").statusCode(404);
        delete(TestTokens.user(bob), alices).statusCode(404);
        post(TestTokens.user(bob), alices, "test", null).statusCode(404);
        post(TestTokens.user(bob), alices, "rebuild", null).statusCode(404);
        post(TestTokens.user(bob), alices, "train-schema", "{}").statusCode(404);
        get(TestTokens.user(bob), UUID.randomUUID()).statusCode(404);
        get(TestTokens.user(bob), null).statusCode(404);

        List<String> bobSees = list(TestTokens.user(bob), "?limit=100").statusCode(200)
                .body("pagination.total", equalTo(1))
                .extract().path("data.id");
        assertThat(bobSees).containsExactly(bobs.toString());

        get(TestTokens.admin("root"), alices).statusCode(200).body("userId", equalTo(alice));
        list(TestTokens.admin("root"), "?limit=100").statusCode(200)
                .body("data.id", hasItem(alices.toString()))
                .body("data.id", hasItem(bobs.toString()));
        list(TestTokens.user(bob), "?limit=0").statusCode(400).body("errors.field", hasItem("limit"));
        given401();
        // alice's connection survived bob's attempts
        get(TestTokens.user(alice), alices).statusCode(200).body("port", not(equalTo(1)));
    }

    private static void given401() {
        io.restassured.RestAssured.given().when().get("/api/connections").then().statusCode(401);
    }

    @Test
    void deleteRemovesTheConnection() {
        String user = JobRows.uniqueUser("conn");
        UUID id = createFor(user, "doomed");
        delete(TestTokens.user(user), id).statusCode(204);
        get(TestTokens.user(user), id).statusCode(404);
        delete(TestTokens.user(user), id).statusCode(404);
        assertThat(JobRows.count("SELECT count(*) FROM api.connections WHERE id = ?", id)).isZero();
    }

    // --- POST /api/connections/{id}/test ------------------------------------------------------------------------

    @Test
    void theTestConnectsToTheTestPostgresAndReportsItsVersion() {
        String user = JobRows.uniqueUser("conn");
        UUID id = UUID.fromString(create(TestTokens.user(user), readerBody("testable", "")).statusCode(201)
                .extract().path("id"));
        String answer = post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("ok", equalTo(true))
                .body("code", nullValue())
                .body("serverVersion", containsString("."))
                .body("message", containsString("connected"))
                .extract().asString();
        assertThat(answer).doesNotContain(SECRET);
        Integer latency = io.restassured.path.json.JsonPath.from(answer).get("latencyMs");
        assertThat(latency).isNotNegative();
    }

    @Test
    void aWrongPasswordIsAuthFailed() {
        String user = JobRows.uniqueUser("conn");
        UUID id = UUID.fromString(create(TestTokens.user(user), readerBody("wrong-pw", "")).statusCode(201)
                .extract().path("id"));
        patch(TestTokens.user(user), id, "{\"password\":\"not-the-password\"}").statusCode(200);
        String answer = post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("ok", equalTo(false))
                .body("code", equalTo("auth_failed"))
                .body("serverVersion", nullValue())
                .extract().asString();
        assertThat(answer).doesNotContain("not-the-password").doesNotContain(SECRET);
    }

    @Test
    void anUnknownDatabaseIsDatabaseNotFound() {
        String user = JobRows.uniqueUser("conn");
        UUID id = UUID.fromString(create(TestTokens.user(user),
                readerBody("no-db", "").replace("\"database\":\"" + ConnectionApi.DATABASE + "\"",
                        "\"database\":\"no_such_db_conn\""))
                .statusCode(201).extract().path("id"));
        post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("ok", equalTo(false))
                .body("code", equalTo("database_not_found"))
                .body("message", containsString("no_such_db_conn"));
    }

    @Test
    void aPortWithoutServerIsUnreachable() {
        String user = JobRows.uniqueUser("conn");
        int freePort = Ports.freePorts(1)[0];
        UUID id = UUID.fromString(create(TestTokens.user(user),
                readerBody("nobody-home", "").replaceFirst("\"port\":\\d+", "\"port\":" + freePort))
                .statusCode(201).extract().path("id"));
        post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("ok", equalTo(false))
                .body("code", equalTo("unreachable"));
    }
}
