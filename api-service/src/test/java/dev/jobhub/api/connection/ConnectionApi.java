package dev.jobhub.api.connection;

import static io.restassured.RestAssured.given;

import dev.jobhub.stack.infra.PostgresServer;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** The REST calls of the connection tests, as a client makes them. */
final class ConnectionApi {

    static final String PROBLEM = "application/problem+json";
    /** The registered database of the connection tests, its owner and the owner's password. */
    static final String DATABASE = "shop";
    static final String USER = "shop_owner";
    static final String PASSWORD = "shop-Pa55";

    private static boolean targetReady;

    private ConnectionApi() {
    }

    /**
     * The PostgreSQL the tests register as users' databases (not the platform's own, which the egress guard
     * refuses), with the database {@link #DATABASE} owned by {@link #USER}.
     */
    static synchronized PostgresServer target() {
        PostgresServer target = SharedInfra.get().targetPostgres();
        if (!targetReady) {
            target.ensureDatabase(DATABASE, USER, PASSWORD);
            targetReady = true;
        }
        return target;
    }

    /** A connection to the target PostgreSQL, with extra fields, e.g. {@code "\"sslMode\":\"disable\""}. */
    static String body(String name, String extra) {
        return "{\"name\":\"" + name + "\",\"kind\":\"postgresql\",\"host\":\"127.0.0.1\",\"port\":"
                + target().port() + ",\"database\":\"" + DATABASE + "\",\"username\":\"" + USER
                + "\",\"password\":\"" + PASSWORD + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static ValidatableResponse create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/connections").then();
    }

    /** Creates a connection to the target PostgreSQL for {@code user}; its id. */
    static UUID createFor(String user, String name) {
        return UUID.fromString(create(TestTokens.user(user), body(name, "")).statusCode(201).extract().path("id"));
    }

    static ValidatableResponse get(String token, UUID id) {
        return given().auth().oauth2(token).when().get("/api/connections/" + id).then();
    }

    static ValidatableResponse list(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/connections" + query).then();
    }

    static ValidatableResponse patch(String token, UUID id, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().patch("/api/connections/" + id).then();
    }

    static ValidatableResponse delete(String token, UUID id) {
        return given().auth().oauth2(token).when().delete("/api/connections/" + id).then();
    }

    static ValidatableResponse post(String token, UUID id, String action, String body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().post("/api/connections/" + id + "/" + action).then();
    }
}
