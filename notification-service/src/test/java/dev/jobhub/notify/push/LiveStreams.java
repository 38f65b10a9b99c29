package dev.jobhub.notify.push;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

/** What every test of the live stream waits for before it sends anything. */
public final class LiveStreams {

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final Duration REGISTERED_WITHIN = Duration.ofSeconds(20);

    private LiveStreams() {
    }

    /** Until the instance is ready: its stream tailer knows where the stream ends, so nothing stored later is lost. */
    public static void awaitReady() {
        await().atMost(READY_WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** The {@code ws:} address of {@code /ws} (given as the {@code http:} one tests are injected), once ready. */
    public static URI readyWebSocket(URI wsHttpUri) {
        awaitReady();
        return URI.create(wsHttpUri.toString().replaceFirst("^http", "ws"));
    }

    /**
     * Until {@code user} has {@code connections} on this instance: the upgrade answers before {@code @OnOpen} has
     * registered the connection, and an event in between would be missed.
     */
    public static void awaitRegistered(ConnectionRegistry registry, String user, int connections) {
        await().atMost(REGISTERED_WITHIN).until(() -> registry.connections(user) == connections);
    }
}
