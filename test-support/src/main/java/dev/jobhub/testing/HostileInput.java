package dev.jobhub.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A corpus of hostile requests, sent to every route of a service ({@link ApiRoutes}): whatever arrives, the answer
 * is never a 5xx, an error is problem+json without a stack trace, and the service still answers afterwards.
 */
public final class HostileInput {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String NUL = "\\" + "u0000";

    private HostileInput() {
    }

    /** What is sent with a body, by name: each changes a request that already carries a valid token. */
    public static Map<String, UnaryOperator<RequestSpecification>> bodies() {
        Map<String, UnaryOperator<RequestSpecification>> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", json("{\"type\": "));
        bodies.put("trailing garbage", json("{\"type\":\"sleep\"} garbage"));
        bodies.put("two documents", json("{\"a\":1}{\"a\":2}"));
        bodies.put("wrong types", json("{\"type\":123,\"payload\":\"x\",\"name\":true,\"k\":\"5\",\"query\":[],"
                + "\"enabled\":\"yes\",\"cron\":{},\"host\":7,\"port\":\"x\"}"));
        bodies.put("top-level array", json("[1,2,3]"));
        bodies.put("top-level string", json("\"hello\""));
        bodies.put("NUL in a value", json("{\"type\":\"a" + NUL + "b\",\"name\":\"" + NUL + "\"}"));
        bodies.put("NUL in a key", json("{\"" + NUL + "\":1}"));
        bodies.put("raw control characters", json("{\"type\":\"a\u0001\u0002b\"}"));
        bodies.put("huge numbers", json("{\"k\":1e999999,\"steps\":" + "9".repeat(2000) + ",\"port\":-1e308}"));
        bodies.put("deep nesting", json("[".repeat(5000) + "]".repeat(5000)));
        bodies.put("2 MiB with Content-Length", json("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
        bodies.put("2 MiB chunked", request -> request.contentType(JSON).body(new ByteArrayInputStream(
                ("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8))));
        bodies.put("wrong Content-Type", as("text/plain", "{\"type\":\"sleep\"}"));
        bodies.put("XML", as("application/xml", "<job><type>sleep</type></job>"));
        bodies.put("bad multipart", as("multipart/form-data; boundary=zzz",
                "--other\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--oth"));
        bodies.put("random bytes", request -> request.contentType(JSON).body(random(4096)));
        bodies.put("empty body", as(JSON, ""));
        return bodies;
    }

    /** Values put in every path parameter, already encoded for the URL. */
    public static List<String> pathValues() {
        return List.of("%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "'%20OR%201=1--", "x".repeat(300), "-1",
                "99999999999999999999", "%E2%80%AE", "%FF%FE");
    }

    /** Query strings every route gets, with and without a body. */
    public static List<String> queries() {
        return List.of("page=%00&limit=-1", "page=99999999999999999999&limit=1e9", "type=%00&state=%01",
                "q=" + "x".repeat(3000), "sort=createdAt:sideways&from=yesterday", "userId=%00");
    }

    /**
     * Sends the corpus to every route under {@code /api/} of the service RestAssured points at, as each of
     * {@code tokens}; the OpenAPI document must list at least {@code minRoutes}, so that an empty list passes nothing.
     * Event streams are left out: an accepted request never ends (their hostile input is tested where they are).
     */
    public static void attackEveryRoute(int minRoutes, String... tokens) {
        List<ApiRoutes.Route> routes = ApiRoutes.of("/api/");
        assertThat(routes).as("the routes of the OpenAPI document").hasSizeGreaterThanOrEqualTo(minRoutes);
        for (ApiRoutes.Route route : routes) {
            if (route.streams()) {
                continue;
            }
            for (String token : tokens) {
                attack(route, token, ApiRoutes.Route::pathToNothing);
            }
        }
    }

    /**
     * Sends the corpus to {@code route} (at {@code path}, a resource that may not exist, and with hostile values in
     * its path parameters) as {@code token}'s user and checks every answer.
     */
    public static void attack(ApiRoutes.Route route, String token, Function<ApiRoutes.Route, String> path) {
        String target = path.apply(route);
        for (String query : queries()) {
            check(route + "?" + query, given().auth().oauth2(token).urlEncodingEnabled(false)
                    .when().request(route.method(), target + "?" + query));
        }
        if (route.takesBody()) {
            bodies().forEach((what, body) -> check(route + " with " + what,
                    body.apply(given().auth().oauth2(token)).when().request(route.method(), target)));
        }
        if (route.template().contains("{")) {
            for (String value : pathValues()) {
                check(route + " with " + value, given().auth().oauth2(token).urlEncodingEnabled(false)
                        .contentType(JSON).body("{}").when().request(route.method(), route.path(name -> value)));
            }
        }
        // and the service still answers
        given().when().get("/q/health/live").then().statusCode(200);
    }

    public static void check(String what, Response response) {
        int status = response.statusCode();
        String body = response.asString();
        assertThat(status).as(what + ": " + body).isLessThan(500);
        assertThat(body).as(what).doesNotContain("\tat ").doesNotContainIgnoringCase("exception");
        if (status >= 400) {
            assertThat(response.contentType()).as(what + " (" + status + ")").startsWith(PROBLEM);
        }
    }

    private static UnaryOperator<RequestSpecification> json(String body) {
        return as(JSON, body);
    }

    /** The body as bytes: the client sends them as they are, whatever the Content-Type says. */
    private static UnaryOperator<RequestSpecification> as(String contentType, String body) {
        return request -> request.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(7).nextBytes(bytes);
        return bytes;
    }
}
