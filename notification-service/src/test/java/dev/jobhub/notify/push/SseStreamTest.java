package dev.jobhub.notify.push;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.notify.stream.StreamLog;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/notifications/stream} and its seed path: the stream as Server-Sent Events, resumable. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SseStreamTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @Inject
    ConnectionRegistry registry;
    @Inject
    StreamLog stream;

    @BeforeEach
    void ready() {
        LiveStreams.awaitReady();
    }

    @Test
    void eventsArriveNamedByTypeWithTheirIdAndAReconnectionWithLastEventIdGetsWhatItMissed() {
        String alice = someUser("alice");
        TestJobs job = jobOf(alice);
        JobEvent started;
        try (SseClient client = SseClient.open(base.resolve("api/notifications/stream"), TestTokens.user(alice), null)) {
            await().atMost(WITHIN).until(() -> registry.connections(alice) == 1);
            started = send(job.started());
            await().atMost(WITHIN).until(() -> client.events().stream().anyMatch(e -> e.name().equals("job.started")));
            SseEvent event = client.events().stream().filter(e -> e.name().equals("job.started")).findFirst()
                    .orElseThrow();
            assertThat(event.id()).isEqualTo(started.id().toString());
            assertThat(event.data()).isEqualTo(JobJsonCodec.toJson(started));
        }
        await().atMost(WITHIN).until(() -> !registry.isConnected(alice));
        JobEvent missed = send(job.progress(1));
        await().atMost(WITHIN).until(() -> stream.seqOf(alice, missed.id()).await().atMost(WITHIN).isPresent());

        // the seed's path, resuming as EventSource does, with the Last-Event-ID header
        try (SseClient client = SseClient.open(base.resolve("api/jobs/notifications/stream"), TestTokens.user(alice),
                started.id().toString())) {
            await().atMost(WITHIN).until(() -> client.events().stream().anyMatch(e -> e.name().startsWith("job.")));
            assertThat(client.events().stream().filter(e -> e.name().startsWith("job.")).map(SseEvent::id))
                    .containsExactly(missed.id().toString());
        }
    }

    @Test
    void theStreamNeedsAToken() {
        given().get("/api/notifications/stream").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forged("alice")).get("/api/notifications/stream").then().statusCode(401);
        given().get("/api/jobs/notifications/stream").then().statusCode(401);
    }

    /** One event of the stream. */
    record SseEvent(String id, String name, String data) {
    }

    /** A real SSE client: the JDK's HTTP client reading the response line by line as it arrives. */
    static final class SseClient implements AutoCloseable {

        private final List<SseEvent> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;

        private SseClient(CompletableFuture<HttpResponse<Stream<String>>> response) {
            this.response = response;
        }

        static SseClient open(URI uri, String token, String lastEventId) {
            // the token as a browser's EventSource must send it: in the query
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri + "?access_token=" + token))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            SseClient client = new SseClient(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
            client.response.thenAccept(answer -> {
                assertThat(answer.statusCode()).isEqualTo(200);
                List<String> lines = new ArrayList<>();
                answer.body().forEach(line -> {
                    if (line.isEmpty()) {
                        client.events.add(parse(lines));
                        lines.clear();
                    } else {
                        lines.add(line);
                    }
                });
            });
            return client;
        }

        private static SseEvent parse(List<String> lines) {
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : lines) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
            return new SseEvent(id, name, data.toString());
        }

        List<SseEvent> events() {
            return List.copyOf(events);
        }

        @Override
        public void close() {
            try {
                response.get(5, TimeUnit.SECONDS).body().close();
            } catch (Exception e) {
                response.cancel(true);
            }
        }
    }
}
