package dev.jobhub.notify.watch;

import static dev.jobhub.notify.EmailUsers.address;
import static dev.jobhub.notify.EmailUsers.as;
import static dev.jobhub.notify.EmailUsers.switchOffEmail;
import static dev.jobhub.notify.EmailUsers.userWithEmail;
import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobWatchers;
import dev.jobhub.model.Topics;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.notify.push.ConnectionRegistry;
import dev.jobhub.notify.push.LiveStreams;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watchers end to end: job.watchers on the real notifications.requests and the job's events on the real
 * jobs.events → the watchers' WebSockets, inboxes and delivery logs, by their own preferences, once.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class WatchersTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/ws")
    URI wsHttpUri;
    @Inject
    ConnectionRegistry registry;
    @Inject
    Pool pool;
    @Inject
    JobWatcherLists watchers;

    private URI ws;

    @BeforeEach
    void awaitListening() {
        ws = LiveStreams.readyWebSocket(wsHttpUri);
    }

    @Test
    void watchersGetTheJobLiveWithoutSubscribingAndOneNotificationEachByTheirOwnPreferences() {
        TestJobs job = jobOf(someUser("alice"));
        String bob = userWithEmail("bob");
        String carol = userWithEmail("carol");
        switchOffEmail(carol, "job_completed");
        try (WsTestClient alice = connect(job.userId(), false);
                WsTestClient bobs = connect(bob, false);
                WsTestClient carols = connect(carol, false);
                WsTestClient admin = connect(someUser("admin"), true)) {
            admin.sendText("{\"type\":\"subscribe\",\"jobId\":\"" + job.id() + "\"}");
            admin.awaitMessages(json -> json.contains("\"type\":\"subscribed\""), 1, WITHIN);
            announce(JobWatchers.of(job.id(), job.userId(), 1, List.of(bob, carol)));
            awaitStoredSequence(job.id(), 1);

            List<JobEvent> sent = List.of(send(job.started()), send(job.progress(1)), send(job.progress(2)),
                    send(job.completed()));

            assertThat(alice.awaitMessages(eventsOf(job), sent.size(), WITHIN)).hasSize(sent.size());
            for (WsTestClient watcher : List.of(bobs, carols)) {
                List<JsonNode> copies = watcher.awaitMessages(eventsOf(job), sent.size(), WITHIN).stream()
                        .map(WatchersTest::json).toList();
                assertThat(copies).extracting(copy -> copy.get("type").asText())
                        .containsExactly("job.started", "job.progress", "job.progress", "job.completed");
                assertThat(copies).extracting(copy -> copy.get("eventId").asText())
                        .containsExactlyElementsOf(sent.stream().map(event -> event.id().toString()).toList());
                assertThat(copies).allSatisfy(copy -> {
                    assertThat(copy.get("watching").asBoolean()).isTrue();
                    assertThat(copy.get("userId").asText()).isEqualTo(job.userId());
                    // an id of its own, the one this client resumes from
                    assertThat(copy.get("id").asText()).isNotEqualTo(copy.get("eventId").asText());
                });
                assertThat(copies.get(1).at("/progress/current").asInt()).isEqualTo(1);
            }

            JsonPath bobsInbox = awaitTotal(bob, 1);
            assertThat(bobsInbox.getString("data[0].title")).isEqualTo("Job sleep completed");
            assertThat(bobsInbox.getString("data[0].jobId")).isEqualTo(job.id().toString());
            assertThat(bobsInbox.getBoolean("data[0].data.watching")).isTrue();
            assertThat(bobsInbox.getString("data[0].data.ownerId")).isEqualTo(job.userId());
            await().atMost(WITHIN).until(() -> !TestSmtp.get().receivedBy(address(bob)).isEmpty());
            String carolsNotification = awaitTotal(carol, 1).getString("data[0].id");
            as(carol).get("/api/notifications/" + carolsNotification + "/deliveries").then()
                    .body("find { it.channel == 'in_app' }.status", equalTo("sent"))
                    .body("find { it.channel == 'email' }.status", equalTo("skipped"))
                    .body("find { it.channel == 'email' }.reason", equalTo("disabled_by_user"));
            awaitTotal(job.userId(), 1);
            // the watchers' notifications reached their streams too, and nobody else's
            bobs.awaitMessages(json -> json.contains("\"type\":\"notification\""), 1, WITHIN);

            // every event again, as after a redelivery: nothing new for anyone
            sent.forEach(TestJobs::send);
            JobEvent marker = send(job.markerOnSamePartition().started());
            alice.awaitMessages(json -> json.contains(marker.id().toString()), 1, WITHIN);
            awaitTotal(bob, 1);
            awaitTotal(carol, 1);
            awaitTotal(job.userId(), 1);
            assertThat(bobs.matching(eventsOf(job))).hasSize(sent.size());
            assertThat(carols.matching(eventsOf(job))).hasSize(sent.size());
            assertThat(TestSmtp.get().receivedBy(address(bob))).hasSize(1);
            // an admin who subscribed to the job gets its events once, not once more for every watcher
            assertThat(admin.matching(eventsOf(job))).hasSize(sent.size());
        }
    }

    @Test
    void anOlderListChangesNothingAndARemovedWatcherGetsNothingMore() {
        TestJobs job = jobOf(someUser("dave"));
        String erin = someUser("erin");
        String frank = someUser("frank");
        try (WsTestClient dave = connect(job.userId(), false);
                WsTestClient erins = connect(erin, false);
                WsTestClient franks = connect(frank, false)) {
            announce(JobWatchers.of(job.id(), job.userId(), 2, List.of(erin)));
            awaitStoredSequence(job.id(), 2);
            // late, and redelivered: neither replaces the newer list
            JobWatchers older = JobWatchers.of(job.id(), job.userId(), 1, List.of(frank));
            announce(older);
            announce(JobWatchers.of(job.id(), job.userId(), 2, List.of(frank)));
            UUID marker = UUID.randomUUID();
            while (requestPartition(marker) != requestPartition(job.id())) {
                marker = UUID.randomUUID();
            }
            announce(JobWatchers.of(marker, "someone", 1, List.of("nobody")));
            awaitStoredSequence(marker, 1);
            assertThat(storedWatchers(job.id())).containsExactly(erin);

            JobEvent started = send(job.started());
            assertThat(erins.awaitMessages(eventsOf(job), 1, WITHIN).get(0)).contains(started.id().toString());

            announce(JobWatchers.of(job.id(), job.userId(), 3, List.of()));
            awaitStoredSequence(job.id(), 3);
            send(job.progress(1));
            send(job.completed());
            dave.awaitMessages(eventsOf(job), 3, WITHIN);
            // erin's own event, stored after dave's: had she been sent a copy of his, it would be here before it
            JobEvent erinsOwn = send(jobOf(erin).started());
            erins.awaitMessages(json -> json.contains(erinsOwn.id().toString()), 1, WITHIN);

            assertThat(erins.matching(eventsOf(job))).hasSize(1);
            assertThat(franks.matching(eventsOf(job))).isEmpty();
            awaitTotal(job.userId(), 1);
            assertThat(inboxTotal(erin)).isZero();
            assertThat(inboxTotal(frank)).isZero();
        }
    }

    @Test
    void aListIsForgottenOnceNeitherItNorItsJobHasMovedForTheRetention() {
        TestJobs running = jobOf(someUser("gina"));
        TestJobs waiting = jobOf(someUser("hank"));
        announce(JobWatchers.of(running.id(), running.userId(), 1, List.of(someUser("ivy"))));
        announce(JobWatchers.of(waiting.id(), waiting.userId(), 1, List.of(someUser("ivy"))));
        awaitStoredSequence(running.id(), 1);
        awaitStoredSequence(waiting.id(), 1);
        send(running.started());
        await().atMost(WITHIN).until(() -> hasPosition(running.id()));
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));

        watchers.purge(anHourAgo).await().atMost(WITHIN);
        assertThat(storedSequence(running.id())).isEqualTo(1);
        assertThat(storedSequence(waiting.id())).isEqualTo(1);

        backdate("job_watchers", running.id(), waiting.id());
        watchers.purge(anHourAgo).await().atMost(WITHIN);
        assertThat(storedSequence(running.id())).as("its job moved within the retention: kept").isEqualTo(1);
        assertThat(storedSequence(waiting.id())).as("no event of its job: forgotten").isZero();

        backdate("job_positions", running.id());
        watchers.purge(anHourAgo).await().atMost(WITHIN);
        assertThat(storedSequence(running.id())).as("its job stopped moving too: forgotten").isZero();
    }

    private boolean hasPosition(UUID job) {
        return pool.preparedQuery("SELECT 1 FROM notify.job_positions WHERE job_id = $1").execute(Tuple.of(job))
                .await().atMost(WITHIN).size() == 1;
    }

    /** As if the rows of {@code table} for {@code jobs} had last moved two hours ago. */
    private void backdate(String table, UUID... jobs) {
        pool.preparedQuery("UPDATE notify." + table + " SET updated_at = now() - interval '2 hours' "
                + "WHERE job_id = ANY($1)").execute(Tuple.tuple().addValue(jobs)).await().atMost(WITHIN);
    }

    private static Predicate<String> eventsOf(TestJobs job) {
        return json -> json.contains("\"type\":\"job.") && json.contains("\"jobId\":\"" + job.id() + "\"");
    }

    private static JsonNode json(String text) {
        return JobJsonCodec.fromJson(text, JsonNode.class);
    }

    private WsTestClient connect(String user, boolean admin) {
        WsTestClient client = WsTestClient.connect(ws, admin ? TestTokens.admin(user) : TestTokens.user(user), false);
        LiveStreams.awaitRegistered(registry, user, 1);
        return client;
    }

    private static void announce(JobWatchers message) {
        TestKafka.produce(Topics.NOTIFICATION_REQUESTS, message.jobId().toString(), message);
    }

    private static int requestPartition(UUID key) {
        int partitions = Topics.ALL.stream().filter(topic -> topic.name().equals(Topics.NOTIFICATION_REQUESTS))
                .findFirst().orElseThrow().partitions();
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void awaitStoredSequence(UUID job, long sequence) {
        await().atMost(WITHIN).until(() -> storedSequence(job) == sequence);
    }

    private long storedSequence(UUID job) {
        var rows = pool.preparedQuery("SELECT sequence FROM notify.job_watchers WHERE job_id = $1")
                .execute(Tuple.of(job)).await().atMost(WITHIN);
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong("sequence");
    }

    private List<String> storedWatchers(UUID job) {
        return Arrays.asList(pool.preparedQuery("SELECT watchers FROM notify.job_watchers WHERE job_id = $1")
                .execute(Tuple.of(job)).await().atMost(WITHIN).iterator().next().getArrayOfStrings("watchers"));
    }

    private static int inboxTotal(String user) {
        return given().auth().oauth2(TestTokens.user(user)).get("/api/notifications").then().statusCode(200)
                .extract().jsonPath().getInt("pagination.total");
    }
}
