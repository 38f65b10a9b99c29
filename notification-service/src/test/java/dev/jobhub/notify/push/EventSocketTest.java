package dev.jobhub.notify.push;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.RawHttp;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live stream end to end: events on the real jobs.events → the store path → the stream in PostgreSQL → this
 * instance's tailer → real WebSocket clients.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class EventSocketTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** The job events among the messages (the stream also carries notifications, counts and heartbeats). */
    static final Predicate<String> JOB_EVENTS = json -> !json.contains("\"type\":\"heartbeat\"")
            && !json.contains("\"type\":\"notification\"") && !json.contains("\"type\":\"unread_count\"");

    @TestHTTPResource("/ws")
    URI wsHttpUri;

    @Inject
    ConnectionRegistry registry;
    @Inject
    MeterRegistry meters;

    private URI ws;

    @BeforeEach
    void awaitListening() {
        ws = LiveStreams.readyWebSocket(wsHttpUri);
    }

    @Test
    void eachClientReceivesTheEventsOfItsOwnUsersJobsInOrder() {
        String alice = someUser("alice");
        String bob = someUser("bob");
        try (WsTestClient aliceByHeader = WsTestClient.connect(ws, TestTokens.user(alice), false);
                WsTestClient aliceByQuery = WsTestClient.connect(ws, TestTokens.user(alice), true);
                WsTestClient bobClient = WsTestClient.connect(ws, TestTokens.user(bob), false)) {
            awaitRegistered(alice, 2);
            awaitRegistered(bob, 1);
            TestJobs job = jobOf(alice);

            List<JobEvent> sent = List.of(send(job.started()), send(job.progress(1)), send(job.progress(2)),
                    send(job.completed()));

            for (WsTestClient client : List.of(aliceByHeader, aliceByQuery)) {
                List<String> received = client.awaitMessages(JOB_EVENTS, sent.size(), WITHIN);
                assertThat(received).hasSize(sent.size());
                assertThat(received.stream().map(json -> JobJsonCodec.fromJson(json, JobEvent.class)))
                        .containsExactlyElementsOf(sent);
                assertThat(received.get(1)).contains("\"type\":\"job.progress\"")
                        .contains("\"jobId\":\"" + job.id() + "\"")
                        .contains("\"progress\":{");
            }
            // alice's last event has been pushed: had bob been sent any of them, it would be there by now
            assertThat(bobClient.matching(JOB_EVENTS)).isEmpty();

            // and bob's client does work: it gets bob's own event, and only that
            JobEvent bobs = send(jobOf(bob).started());
            assertThat(bobClient.awaitMessages(JOB_EVENTS, 1, WITHIN)).containsExactly(JobJsonCodec.toJson(bobs));
            assertThat(aliceByHeader.matching(JOB_EVENTS)).hasSize(sent.size());
        }
    }

    @Test
    void aRecordIsSentAsItsProducerWroteItToTheUserItsHeaderNames() {
        String frank = someUser("frank");
        try (WsTestClient client = WsTestClient.connect(ws, TestTokens.user(frank), false)) {
            awaitRegistered(frank, 1);
            TestJobs job = jobOf(frank);
            // not how JobJsonCodec would write it: what arrives is the record's value, byte for byte
            String value = "{ \"type\": \"job.progress\", \"jobId\": \"" + job.id() + "\", \"note\": \"é\" }";

            TestJobs.sendRaw(job.id().toString(), value, Map.of(CloudEventHeaders.USER_ID, frank,
                    CloudEventHeaders.TYPE, "job.progress", "ce_id", UUID.randomUUID().toString(), "ce_subject",
                    job.id().toString()));

            assertThat(client.awaitMessages(JOB_EVENTS, 1, WITHIN)).containsExactly(value);
        }
    }

    @Test
    void aMalformedRecordIsCountedAndSkippedAndTheNextEventStillArrives() {
        String grace = someUser("grace");
        try (WsTestClient client = WsTestClient.connect(ws, TestTokens.user(grace), false)) {
            awaitRegistered(grace, 1);
            TestJobs job = jobOf(grace);
            double malformedBefore = malformed();

            // the same key, so the same partition, as grace's event after it
            TestJobs.sendRaw(job.id().toString(), "{not json", Map.of(CloudEventHeaders.USER_ID, grace));
            JobEvent started = send(job.started());

            assertThat(client.awaitMessages(JOB_EVENTS, 1, WITHIN)).containsExactly(JobJsonCodec.toJson(started));
            assertThat(malformed()).isEqualTo(malformedBefore + 1);
        }
    }

    @Test
    void aRecordWithoutTheUserHeaderIsDecodedToFindItsUser() {
        String ivan = someUser("ivan");
        try (WsTestClient client = WsTestClient.connect(ws, TestTokens.user(ivan), false)) {
            awaitRegistered(ivan, 1);
            JobEvent started = jobOf(ivan).started();

            // as an older producer wrote it: the value only
            TestKafka.produceRaw(Topics.EVENTS, started.jobId().toString(), JobJsonCodec.toBytes(started));

            assertThat(client.awaitMessages(JOB_EVENTS, 1, WITHIN)).containsExactly(JobJsonCodec.toJson(started));
        }
    }

    private double malformed() {
        return meters.counter("jobhub.notify.events.malformed", "consumer", "job-events-store").count();
    }

    @Test
    void aClosedClientIsForgotten() {
        String carol = someUser("carol");
        WsTestClient client = WsTestClient.connect(ws, TestTokens.user(carol), false);
        awaitRegistered(carol, 1);

        client.close();

        await().atMost(WITHIN).until(() -> !registry.isConnected(carol));
    }

    @Test
    void aConnectionIsClosedWhenItsTokenExpires() {
        String dave = someUser("dave");
        WsTestClient client = WsTestClient.connect(ws, TestTokens.expiringIn(dave, Duration.ofSeconds(3)), false);
        awaitRegistered(dave, 1);

        int code = client.closed().orTimeout(WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();

        assertThat(code).isEqualTo(TokenExpiry.POLICY_VIOLATION);
        await().atMost(WITHIN).until(() -> !registry.isConnected(dave));
    }

    @Test
    void theUpgradeNeedsAValidToken() throws IOException {
        assertThat(WsTestClient.upgradeStatus(ws, null)).isEqualTo(401);
        assertThat(WsTestClient.upgradeStatus(ws, TestTokens.forged("alice"))).isEqualTo(401);
        assertThat(WsTestClient.upgradeStatus(ws, TestTokens.expired("alice"))).isEqualTo(401);
        assertThat(upgradeStatusViaQuery(TestTokens.forged("alice"))).isEqualTo(401);
        assertThat(WsTestClient.upgradeStatus(ws, TestTokens.user("alice"))).isEqualTo(101);
        // without any token the refusal is a problem like every other 401
        String answer = RawHttp.exchange(ws.getPort(), "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13",
                new byte[0]);
        assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").contains("\"status\":401");
        // a token without a subject used to fall back to the upn, and received that user's events
        TestTokens.unacceptable("alice").forEach((what, token) ->
                assertThat(WsTestClient.upgradeStatus(ws, token)).as(what).isEqualTo(401));
    }

    @Test
    void aFrameOverTheLimitClosesWith1009AndLogsOneLine() throws Exception {
        Path applicationLog = Path.of("target", "notification-service.log");
        for (int size : new int[] {1 << 20, 16 << 20}) {
            long before = sizeOf(applicationLog);
            try (WsTestClient client = WsTestClient.connect(ws, TestTokens.user(someUser("frank")), false)) {
                client.sendText("x".repeat(size));
                assertThat(client.closed().get(20, java.util.concurrent.TimeUnit.SECONDS)).as(size + " bytes")
                        .isEqualTo(1009);
            }
            await().atMost(WITHIN).until(() -> logSince(applicationLog, before).contains("over the size limit"));
            String logged = logSince(applicationLog, before);
            assertThat(logged.lines().filter(line -> line.contains("WebSocket")).count()).as(logged).isLessThanOrEqualTo(1);
            assertThat(logged).doesNotContain("\tat ").doesNotContain("ERROR");
        }
    }

    @Test
    void theQueryParameterTokenNeverReachesTheLogs() throws IOException {
        Path accessLog = Path.of("target", "access.log"); // both configured in %test
        Path applicationLog = Path.of("target", "notification-service.log");
        long accessBefore = sizeOf(accessLog);
        long applicationBefore = sizeOf(applicationLog);
        String valid = TestTokens.user(someUser("dave"));
        String forged = TestTokens.forged("dave");
        String expired = TestTokens.expired("dave");

        WsTestClient.connect(ws, valid, true).close();
        assertThat(upgradeStatusViaQuery(forged)).isEqualTo(401);
        assertThat(upgradeStatusViaQuery(expired)).isEqualTo(401);

        await().atMost(WITHIN).until(() -> logSince(accessLog, accessBefore).contains("GET /ws HTTP/1.1\" 401"));
        for (String log : List.of(logSince(accessLog, accessBefore), logSince(applicationLog, applicationBefore))) {
            assertThat(log)
                    .doesNotContain("access_token")
                    .doesNotContain(signatureOf(valid))
                    .doesNotContain(signatureOf(forged))
                    .doesNotContain(signatureOf(expired));
        }
    }

    private static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String logSince(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private void awaitRegistered(String user, int connections) {
        LiveStreams.awaitRegistered(registry, user, connections);
    }

    private int upgradeStatusViaQuery(String token) {
        try {
            WsTestClient.connect(ws, token, true).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }
}
