package dev.jobhub.api.connection;

import static io.restassured.RestAssured.given;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** The REST calls of the connection tests, as a client makes them. */
final class ConnectionApi {

    static final String PROBLEM = "application/problem+json";
    /** The password of the test database's own role, jobhub: what a connection to the test PostgreSQL uses. */
    static final String PASSWORD = PlatformServices.DB_PASSWORD;

    private ConnectionApi() {
    }

    /** A connection to the test PostgreSQL itself, with extra fields, e.g. {@code "\"sslMode\":\"disable\""}. */
    static String body(String name, String extra) {
        return "{\"name\":\"" + name + "\",\"kind\":\"postgresql\",\"host\":\"127.0.0.1\",\"port\":"
                + SharedInfra.get().postgres().port() + ",\"database\":\"" + PlatformServices.DATABASE
                + "\",\"username\":\"" + PlatformServices.DB_USER + "\",\"password\":\"" + PASSWORD + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static ValidatableResponse create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/connections").then();
    }

    /** Creates a connection to the test PostgreSQL for {@code user}; its id. */
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
