package dev.jobhub.notify.push;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.notify.stream.StreamLog;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket protocol on /ws: server messages, client messages, resuming, the token as a subprotocol. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class StreamProtocolTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/ws")
    URI wsHttpUri;

    @Inject
    ConnectionRegistry registry;
    @Inject
    StreamLog stream;

    private URI ws;

    @BeforeEach
    void ready() {
        ws = LiveStreams.readyWebSocket(wsHttpUri);
    }

    @Test
    void aCompletedJobSendsItsEventThenItsNotificationThenTheUnreadCountEachWithAnId() {
        String alice = someUser("alice");
        try (WsTestClient client = connect(alice, null)) {
            TestJobs job = jobOf(alice);
            JobEvent completed = send(job.completed());

            List<JsonNode> received = json(client.awaitMessages(m -> !isHeartbeat(m), 3, WITHIN));

            assertThat(received).extracting(m -> m.get("type").asText())
                    .containsExactly("job.completed", "notification", "unread_count");
            assertThat(received.get(0).get("id").asText()).isEqualTo(completed.id().toString());
            assertThat(received.get(1).at("/notification/type").asText()).isEqualTo("job_completed");
            assertThat(received.get(1).at("/notification/title").asText()).isEqualTo("Job sleep completed");
            assertThat(received.get(1).at("/notification/data/jobId").asText()).isEqualTo(job.id().toString());
            assertThat(received.get(2).get("count").asLong()).isEqualTo(1);
            assertThat(received).allSatisfy(m -> assertThat(UUID.fromString(m.get("id").asText())).isNotNull());
        }
    }

    @Test
    void aClientThatReconnectsWithItsLastIdGetsWhatItMissedOnceThenLiveMessages() {
        String bob = someUser("bob");
        TestJobs job = jobOf(bob);
        String lastId;
        try (WsTestClient client = connect(bob, null)) {
            JobEvent started = send(job.started());
            client.awaitMessages(EventSocketTest.JOB_EVENTS, 1, WITHIN);
            lastId = started.id().toString();
        }
        await().atMost(WITHIN).until(() -> !registry.isConnected(bob));
        List<JobEvent> missed = List.of(send(job.progress(1)), send(job.progress(2)));
        // in the stream before the client comes back: otherwise they would come live, not as a replay
        awaitStored(bob, missed.get(1));

        try (WsTestClient client = connect(bob, "lastEventId=" + lastId)) {
            JobEvent live = send(job.progress(3));
            List<String> received = client.awaitMessages(EventSocketTest.JOB_EVENTS, 3, WITHIN);

            assertThat(received).containsExactly(JobJsonCodec.toJson(missed.get(0)),
                    JobJsonCodec.toJson(missed.get(1)), JobJsonCodec.toJson(live));
        }
    }

    @Test
    void anIdNoLongerKeptIsAnsweredWithResyncAndLiveMessagesFollow() {
        String carol = someUser("carol");
        try (WsTestClient client = connect(carol, "lastEventId=" + UUID.randomUUID())) {
            JsonNode first = json(client.awaitMessages(1, WITHIN)).get(0);
            assertThat(first.get("type").asText()).isEqualTo("resync");

            JobEvent started = send(jobOf(carol).started());
            assertThat(client.awaitMessages(EventSocketTest.JOB_EVENTS.and(m -> !m.contains("\"resync\"")), 1,
                    WITHIN)).containsExactly(JobJsonCodec.toJson(started));
        }
    }

    @Test
    void pingIsAnsweredAndAUsersSubscriptionNeverOpensAnotherUsersJob() {
        String dave = someUser("dave");
        String erin = someUser("erin");
        TestJobs erinsJob = jobOf(erin);
        try (WsTestClient client = connect(dave, null)) {
            client.sendText("{\"type\":\"ping\"}");
            client.sendText("{\"type\":\"subscribe\",\"jobId\":\"" + erinsJob.id() + "\"}");
            client.sendText("{\"type\":\"dance\"}");
            client.sendText("not json");

            List<JsonNode> replies = json(client.awaitMessages(m -> !isHeartbeat(m), 4, WITHIN));
            assertThat(replies).extracting(m -> m.get("type").asText())
                    .containsExactly("pong", "subscribed", "error", "error");
            assertThat(replies.get(1).get("scope").asText()).isEqualTo("own_jobs");

            send(erinsJob.started());
            JobEvent mine = send(jobOf(dave).started());
            assertThat(client.awaitMessages(EventSocketTest.JOB_EVENTS.and(StreamProtocolTest::isJobEvent), 1,
                    WITHIN)).containsExactly(JobJsonCodec.toJson(mine));
        }
    }

    @Test
    void anAdminSubscribedToAJobReceivesItsEventsWhoeverOwnsIt() {
        String frank = someUser("frank");
        TestJobs franksJob = jobOf(frank);
        try (WsTestClient admin = WsTestClient.connect(ws, TestTokens.admin(someUser("root")), false)) {
            admin.sendText("{\"type\":\"subscribe\",\"jobId\":\"" + franksJob.id() + "\"}");
            assertThat(json(admin.awaitMessages(1, WITHIN)).get(0).get("scope").asText()).isEqualTo("job");

            JobEvent started = send(franksJob.started());

            assertThat(admin.awaitMessages(StreamProtocolTest::isJobEvent, 1, WITHIN))
                    .containsExactly(JobJsonCodec.toJson(started));
        }
    }

    @Test
    void aHeartbeatCarriesTheIdOfTheLastMessageSent() {
        String heidi = someUser("heidi");
        try (WsTestClient client = connect(heidi, null)) {
            JobEvent started = send(jobOf(heidi).started());
            client.awaitMessages(StreamProtocolTest::isJobEvent, 1, WITHIN);

            // %test sends one every 2 s; the first after the event names it
            JsonNode heartbeat = json(client.awaitMessages(
                    m -> isHeartbeat(m) && m.contains(started.id().toString()), 1, WITHIN)).get(0);
            assertThat(heartbeat.get("id").asText()).isEqualTo(started.id().toString());
            assertThat(heartbeat.get("at").asText()).isNotBlank();
        }
    }

    @Test
    void theTokenMayComeAsTheBearerSubprotocol() {
        String grace = someUser("grace");
        try (WsTestClient client = WsTestClient.connectWithSubprotocol(ws, TestTokens.user(grace), null)) {
            assertThat(client.subprotocol()).isEqualTo("bearer");
            await().atMost(WITHIN).until(() -> registry.connections(grace) == 1);
            JobEvent started = send(jobOf(grace).started());
            assertThat(client.awaitMessages(StreamProtocolTest::isJobEvent, 1, WITHIN))
                    .containsExactly(JobJsonCodec.toJson(started));
        }
    }

    private WsTestClient connect(String user, String query) {
        WsTestClient client = WsTestClient.connect(query == null ? ws : URI.create(ws + "?" + query),
                TestTokens.user(user), false);
        await().atMost(WITHIN).until(() -> registry.connections(user) == 1);
        return client;
    }

    private void awaitStored(String user, JobEvent event) {
        await().atMost(WITHIN).until(() -> stream.seqOf(user, event.id()).await().atMost(WITHIN).isPresent());
    }

    static boolean isHeartbeat(String message) {
        return message.contains("\"type\":\"heartbeat\"");
    }

    static boolean isJobEvent(String message) {
        return message.contains("\"type\":\"job.");
    }

    private static List<JsonNode> json(List<String> messages) {
        return messages.stream().map(m -> {
            try {
                return JobJsonCodec.mapper().readTree(m);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + m, e);
            }
        }).toList();
    }
}
