package dev.jobhub.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every REST route a service declares, read from its own OpenAPI document ({@code /q/openapi}), so that a test
 * walking them stays in step with the resources as they change: a new route is walked without anyone listing it.
 */
public final class ApiRoutes {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /**
     * One route: its method and path template, e.g. {@code POST /api/jobs/{id}/retry}, the media type its body
     * is declared with (null if it takes none), and whether it answers with an event stream (which never ends).
     */
    public record Route(String method, String template, String consumes, boolean streams) {

        public boolean takesMultipart() {
            return consumes != null && consumes.startsWith("multipart/");
        }

        public boolean takesBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }

        /** The path with each {@code {parameter}} replaced by what {@code values} gives for its name. */
        public String path(Function<String, String> values) {
            StringBuilder path = new StringBuilder();
            int at = 0;
            for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', at)) {
                int close = template.indexOf('}', open);
                path.append(template, at, open).append(values.apply(template.substring(open + 1, close)));
                at = close + 1;
            }
            return path.append(template.substring(at)).toString();
        }

        /** The path with a fresh random UUID for every parameter: a resource that does not exist. */
        public String pathToNothing() {
            return path(name -> UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private ApiRoutes() {
    }

    /** The routes under {@code prefix} (e.g. {@code /api/}) of the service RestAssured points at. */
    public static List<Route> of(String prefix) {
        String document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode paths = JobJsonCodec.fromJson(document, JsonNode.class).path("paths");
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith(prefix)) {
                continue;
            }
            path.getValue().fields().forEachRemaining(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    Iterator<String> types = operation.getValue().path("requestBody").path("content").fieldNames();
                    boolean streams = operation.getValue().path("responses").findValues("content").stream()
                            .anyMatch(content -> content.has("text/event-stream"));
                    routes.add(new Route(operation.getKey().toUpperCase(), path.getKey(),
                            types.hasNext() ? types.next() : null, streams));
                }
            });
        }
        return routes;
    }
}
