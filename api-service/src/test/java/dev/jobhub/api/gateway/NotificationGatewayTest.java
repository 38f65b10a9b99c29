package dev.jobhub.api.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a real HTTP server standing in for notification-service: what the notifier receives, what
 * the caller gets back, event streams event by event, and the gateway's own refusals.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
@WithTestResource(NotifierStandIn.class)
class NotificationGatewayTest {

    private static final String PROBLEM = "application/problem+json";

    @InjectNotifierStandIn
    NotifierStandIn notifier;

    private final String token = TestTokens.user("alice");

    @BeforeEach
    void freshStandIn() {
        notifier.reset();
    }

    @Test
    void aRequestReachesTheNotifierAsTheCallerSentItAndItsAnswerComesBack() throws Exception {
        notifier.answerWith(NotifierStandIn.json(201, "{\"updated\":3}"));

        // the query as the caller encoded it (%2F stays %2F)
        given().urlEncodingEnabled(false).auth().oauth2(token).contentType(ContentType.JSON).body("{\"all\":true}")
                .header("X-Request-Id", "r-1")
                .when().post("/api/notifications/read-all?scope=mine&x=%2F")
                .then().statusCode(201).contentType(ContentType.JSON)
                .header("X-Notifier", "stand-in").header("Keep-Alive", nullValue())
                .body("updated", equalTo(3));

        NotifierStandIn.Received received = notifier.next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/notifications/read-all");
        assertThat(received.query()).isEqualTo("scope=mine&x=%2F");
        assertThat(received.bodyText()).isEqualTo("{\"all\":true}");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("Content-Type")).startsWith("application/json");
        assertThat(received.header("X-Request-Id")).isEqualTo("r-1");
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + notifier.port());
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + RestAssured.port);
    }

    @Test
    void hopByHopHeadersStayOnTheCallersConnection() throws Exception {
        given().auth().oauth2(token)
                .header("Connection", "keep-alive, X-Connection-Only")
                .header("X-Connection-Only", "for this hop")
                .header("Keep-Alive", "timeout=5")
                .header("TE", "trailers")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("X-Forwarded-For", "203.0.113.7")
                .when().get("/api/notifications")
                .then().statusCode(200);

        NotifierStandIn.Received received = notifier.next();
        assertThat(received.headers()).doesNotContainKeys("keep-alive", "te", "proxy-authorization",
                "x-connection-only", "transfer-encoding", "upgrade");
        assertThat(received.header("Connection")).isNotEqualToIgnoringCase("keep-alive, X-Connection-Only");
        assertThat(received.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
    }

    @Test
    void everyMethodAndSubPathIsForwarded() throws Exception {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"email\":false}")
                .when().patch("/api/notifications/preferences").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"me\"}")
                .when().put("/api/notifications/profile").then().statusCode(200);
        given().auth().oauth2(token).when().delete("/api/notifications/some-id").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/notifications/some-id/deliveries?page=2").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"url\":\"https://example.com\"}")
                .when().post("/api/webhooks").then().statusCode(200);

        assertThat(summary(notifier.next())).isEqualTo("PATCH /api/notifications/preferences {\"email\":false}");
        assertThat(summary(notifier.next())).isEqualTo("PUT /api/notifications/profile {\"name\":\"me\"}");
        assertThat(summary(notifier.next())).isEqualTo("DELETE /api/notifications/some-id ");
        NotifierStandIn.Received deliveries = notifier.next();
        assertThat(summary(deliveries)).isEqualTo("GET /api/notifications/some-id/deliveries ");
        assertThat(deliveries.query()).isEqualTo("page=2");
        assertThat(summary(notifier.next())).isEqualTo("POST /api/webhooks {\"url\":\"https://example.com\"}");
    }

    @Test
    void theNotifiersProblemsAreRelayedAsTheyAre() throws Exception {
        String notFound = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such resource\"}";
        notifier.answerWith(NotifierStandIn.json(404, notFound));

        String body = given().auth().oauth2(token).when().get("/api/webhooks/not-yet")
                .then().statusCode(404).contentType(PROBLEM).extract().asString();

        assertThat(body).isEqualTo(notFound);
    }

    @Test
    void aForgedTokenIsPassedOnAndTheNotifiersRefusalRelayed() throws Exception {
        notifier.answerWith(exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            NotifierStandIn.json(401, "{\"status\":401,\"detail\":\"a valid bearer token is required\"}")
                    .answer(exchange);
        });
        String forged = TestTokens.forged("mallory");

        given().auth().oauth2(forged).when().get("/api/notifications")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .body("detail", equalTo("a valid bearer token is required"));

        assertThat(notifier.next().header("Authorization")).isEqualTo("Bearer " + forged);
    }

    @Test
    void withoutATokenTheGatewayRefusesWith401AndNeverDialsTheNotifier() {
        given().when().get("/api/notifications").then()
                .statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).body("{}").when().post("/api/notifications/read-all").then()
                .statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").when().get("/api/webhooks").then()
                .statusCode(401).contentType(PROBLEM);
        // a token in the URL counts only for an event stream, where a browser has no other way
        given().queryParam("access_token", token).when().get("/api/notifications").then()
                .statusCode(401).contentType(PROBLEM);
        given().header("Accept", "text/event-stream").when().get("/api/jobs/notifications/stream").then()
                .statusCode(401).contentType(PROBLEM);

        assertThat(notifier.pending()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] tooLarge = new byte[1024 * 1024 + 1];

        given().auth().oauth2(token).contentType(ContentType.JSON).body(tooLarge)
                .when().post("/api/notifications/read-all")
                .then().statusCode(413).contentType(PROBLEM);

        // without Content-Length the body is counted as it passes: the notifier never gets a complete request
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway("/api/webhooks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        Thread.sleep(300);
        assertThat(notifier.pending()).isEmpty();
    }

    @Test
    void aNotifierThatIsDownIs503WithRetryAfter() {
        notifier.goAway();
        try {
            given().auth().oauth2(token).when().get("/api/notifications")
                    .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "5");
        } finally {
            notifier.resume();
        }
        given().auth().oauth2(token).when().get("/api/notifications").then().statusCode(200);
    }

    @Test
    void aNotifierThatDoesNotAnswerInTimeIs504() {
        CountDownLatch release = new CountDownLatch(1);
        notifier.answerWith(exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            NotifierStandIn.json(200, "{}").answer(exchange);
        });
        try {
            given().auth().oauth2(token).when().get("/api/notifications")
                    .then().statusCode(504).contentType(PROBLEM);
        } finally {
            release.countDown();
        }
    }

    @Test
    void eventsArriveAsTheNotifierSendsThemAndLeavingClosesTheUpstreamStream() throws Exception {
        CountDownLatch firstReceived = new CountDownLatch(1);
        CountDownLatch upstreamClosed = new CountDownLatch(1);
        notifier.answerWith(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            send(out, "data: first\n\n");
            try {
                // the second event is sent only once the caller has the first: nothing may wait for a buffer
                if (!firstReceived.await(10, TimeUnit.SECONDS)) {
                    return;
                }
                send(out, "data: second\n\n");
                for (int beat = 0; beat < 200; beat++) {
                    Thread.sleep(100);
                    send(out, ": still here\n\n");
                }
            } catch (IOException gone) {
                upstreamClosed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            // the seed's path, with the token in the query as a browser's EventSource sends it
            socket.getOutputStream().write(("GET /api/jobs/notifications/stream?since=7&access_token=" + token
                    + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "data: first");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream")
                    .doesNotContain("second");
            firstReceived.countDown();
            readUntil(in, "data: second");
        }
        assertThat(upstreamClosed.await(10, TimeUnit.SECONDS)).as("the notifier saw the caller leave").isTrue();

        NotifierStandIn.Received received = notifier.next();
        assertThat(received.path()).isEqualTo("/api/notifications/stream");
        assertThat(received.query()).isEqualTo("since=7");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void theJobRoutesKeepTheirOwnPaths() throws Exception {
        // /api/jobs/{id} is api-service's own ("notifications" is no job of alice's), and only GET of the stream
        // is forwarded: the notifier is not asked
        given().auth().oauth2(token).when().get("/api/jobs/notifications").then().statusCode(404)
                .contentType(PROBLEM).body("detail", equalTo("job notifications not found"));
        int post = given().auth().oauth2(token).when().post("/api/jobs/notifications/stream").then()
                .contentType(PROBLEM).extract().statusCode();
        assertThat(post).isIn(404, 405);
        assertThat(notifier.pending()).isEmpty();

        given().auth().oauth2(token).when().get("/api/jobs/notifications/stream").then().statusCode(200);
        assertThat(notifier.next().path()).isEqualTo("/api/notifications/stream");
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(InputStream in, String wanted) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!seen.toString().contains(wanted)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the stream ended before '" + wanted + "': " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static String summary(NotifierStandIn.Received received) {
        return received.method() + " " + received.path() + " " + received.bodyText();
    }

    private static URI gateway(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
