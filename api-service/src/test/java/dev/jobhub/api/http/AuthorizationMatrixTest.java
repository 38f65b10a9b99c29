package dev.jobhub.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.api.JobApi;
import dev.jobhub.testing.ApiRoutes;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every route of api-service (from its OpenAPI document) against every kind of caller it must turn away: no token
 * and each unacceptable token (401), a user on an admin route (403), and another user on a resource that exists
 * (404, exactly as for one that does not, and nothing of the owner in the answer).
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class AuthorizationMatrixTest {

    private static final Set<String> ADMIN_ONLY = Set.of("POST /api/queues/{priority}/pause",
            "POST /api/queues/{priority}/resume");

    @Test
    void withoutAValidTokenEveryRouteIs401() {
        Map<String, String> tokens = TestTokens.unacceptable("mallory");
        for (ApiRoutes.Route route : ApiRoutes.of("/api/")) {
            String path = route.pathToNothing();
            expect(route + " without a token", 401, request(null, route).when().request(route.method(), path));
            tokens.forEach((what, token) -> expect(route + " with " + what, 401,
                    request(token, route).when().request(route.method(), path)));
        }
    }

    @Test
    void aUserOnAnAdminRouteIs403() {
        List<ApiRoutes.Route> routes = ApiRoutes.of("/api/");
        assertThat(routes.stream().map(ApiRoutes.Route::toString)).containsAll(ADMIN_ONLY);
        routes.stream().filter(route -> ADMIN_ONLY.contains(route.toString())).forEach(route -> expect(
                route + " as a user", 403, request(TestTokens.user("mallory"), route)
                        .when().request(route.method(), route.path(name -> "normal"))));
    }

    @Test
    void anotherUsersResourceIs404OnEveryRouteThatNamesIt() {
        String owner = "owner-" + UUID.randomUUID();
        String ownerToken = TestTokens.user(owner);
        // delayed by an hour: unfinished, so cancel and retry have something to refuse
        UUID job = UUID.fromString(JobApi.submit(owner, "{\"type\":\"sleep\",\"delayMs\":3600000,"
                + "\"payload\":{\"steps\":1,\"stepMillis\":1}}").statusCode(202).extract().path("jobId"));
        String schedule = given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"cron\":\"0 3 * * *\",\"jobType\":\"sleep\",\"payload\":{\"steps\":1,"
                        + "\"stepMillis\":1}}")
                .when().post("/api/schedules").then().statusCode(201).extract().path("id");
        String document = given().auth().oauth2(ownerToken)
                .multiPart("file", "owned.txt", "Text of the owner.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .when().post("/api/documents").then().statusCode(202).extract().path("documentId");
        // registered, not dialled: any address the egress rules allow will do (the tests' own target PostgreSQL)
        String connection = given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body("{\"name\":\"owned\",\"kind\":\"postgresql\",\"host\":\"127.0.0.1\",\"port\":"
                        + SharedInfra.get().targetPostgres().port() + ",\"database\":\"owned\",\"username\":\"u\","
                        + "\"password\":\"p\"}")
                .when().post("/api/connections").then().statusCode(201).extract().path("id");
        Map<String, String> owned = Map.of("/api/jobs/", job.toString(), "/api/schedules/", schedule,
                "/api/documents/", document, "/api/connections/", connection);

        String intruder = TestTokens.user("intruder-" + UUID.randomUUID());
        int walked = 0;
        for (ApiRoutes.Route route : ApiRoutes.of("/api/")) {
            String prefix = owned.keySet().stream().filter(p -> route.template().startsWith(p + "{")).findFirst()
                    .orElse(null);
            if (prefix == null) {
                continue;
            }
            walked++;
            Response answer = request(intruder, route).when().request(route.method(), route.path(name -> owned.get(prefix)));
            expect(route + " on another user's resource", 404, answer);
            assertThat(answer.asString()).as(route.toString()).doesNotContain(owner);
        }
        assertThat(walked).as("routes naming a job, schedule, document or connection").isGreaterThanOrEqualTo(12);
        // and nothing of the owner's changed
        given().auth().oauth2(ownerToken).when().get("/api/jobs/" + job).then().statusCode(200);
        given().auth().oauth2(ownerToken).when().get("/api/schedules/" + schedule).then().statusCode(200);
        given().auth().oauth2(ownerToken).when().get("/api/documents/" + document).then().statusCode(200);
        given().auth().oauth2(ownerToken).when().get("/api/connections/" + connection).then().statusCode(200);
    }

    /** A request with a small body of the kind the route takes, if it takes one, so that only access decides. */
    private static RequestSpecification request(String token, ApiRoutes.Route route) {
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        if (route.takesMultipart()) {
            return request.multiPart("file", "a.txt", "text".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
        return route.takesBody() ? request.contentType(ContentType.JSON).body("{}") : request;
    }

    private static void expect(String what, int status, Response response) {
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
    }
}
