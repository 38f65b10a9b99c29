package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ProcessFiles;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two notification-service instances behind one database and one consumer group: each job event is consumed by
 * one of them, yet a user's clients on either instance see every message of the user's stream once, in order, and
 * each completed job is one notification and one email, whichever instance stored or sent it.
 */
class NotifierReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The notifier's consumer group for job events (notification-service's application.properties). */
    private static final String STORE_GROUP = "jobhub-notification-store";
    private static final int MIN_JOBS = 4;
    private static final int MAX_JOBS = 12;
    private static final int STEPS = 3;

    private static RunningPlatform platform;
    private static ServiceProcess replica;
    /** The partitions of the job events each of the two instances consumes. */
    private static List<Set<Integer>> assignments;
    private static int partitions;

    @BeforeAll
    static void twoNotifiers() {
        platform = RunningPlatform.get();
        replica = platform.notifierReplica();
        long began = System.nanoTime();
        replica.start(false, "(random port)");
        replica.awaitReady(Duration.ofSeconds(120));
        // the group rebalances once the second instance joins: each instance must consume part of the events
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfra.get().kafkaBootstrap()))) {
            partitions = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.EVENTS).partitions().size();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> eventPartitionsByMember(admin), assigned -> assigned.size() == 2
                            && assigned.stream().noneMatch(Set::isEmpty));
            assignments = eventPartitionsByMember(admin);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the notifiers' consumer group", e);
        }
        System.out.printf("second notifier %s ready in %.1f s, job events partitions by instance %s; log %s%n",
                replica.baseUrl(), (System.nanoTime() - began) / 1e9, assignments, replica.logFile());
    }

    private static List<Set<Integer>> eventPartitionsByMember(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(STORE_GROUP)).all()
                .get(10, TimeUnit.SECONDS).get(STORE_GROUP);
        if (group.groupState() != GroupState.STABLE) {
            return List.of();
        }
        return group.members().stream().map(MemberDescription::assignment)
                .map(assignment -> partitionsOf(assignment.topicPartitions()))
                .toList();
    }

    private static Set<Integer> partitionsOf(Collection<TopicPartition> topicPartitions) {
        Set<Integer> numbers = new HashSet<>();
        topicPartitions.stream().filter(tp -> tp.topic().equals(Topics.EVENTS))
                .forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }

    /** Where the producers' default partitioner puts a job's events: they are keyed by the job id. */
    private static int partitionOf(UUID jobId) {
        return Utils.toPositive(Utils.murmur2(jobId.toString().getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    @AfterAll
    static void stopSecondNotifier() {
        if (replica != null) {
            replica.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void bothInstancesStreamEveryMessageOnceAndEachJobIsNotifiedAndMailedOnce() {
        String user = "replicas-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        String address = "inbox-" + user + "@example.com";
        String first = platform.notifierUrl();
        String second = replica.baseUrl();

        // an address of the user's own, set on one instance, is what the other reads too
        given().baseUri(first).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"email\":\"" + address + "\"}")
                .when().put("/api/notifications/profile").then().statusCode(200);
        given().baseUri(second).auth().oauth2(token).when().get("/api/notifications/profile").then()
                .statusCode(200).body("email", equalTo(address))
                .body("emailSource", equalTo("user"));

        PlatformClient client = new PlatformClient(platform, token);
        try (WsTestClient onFirst = WsTestClient.connect(platform.webSocket(), token, false);
                WsTestClient onSecond = WsTestClient.connect(webSocket(replica), token, false)) {
            // a few jobs, more until each instance consumes the events of at least one of them
            List<UUID> jobs = new ArrayList<>();
            while (jobs.size() < MIN_JOBS || (jobs.size() < MAX_JOBS && !eachInstanceHasOne(jobs))) {
                jobs.add(client.submitSleep(STEPS, 100, null));
            }
            assertThat(eachInstanceHasOne(jobs)).as("jobs %s spread over the partitions %s", jobs, assignments)
                    .isTrue();
            int count = jobs.size();

            for (WsTestClient socket : List.of(onFirst, onSecond)) {
                await().atMost(WAIT).until(() -> jobs.stream().allMatch(jobId -> hasCompleted(socket, jobId)
                        && !notificationsOf(socket, jobId).isEmpty()));
            }

            // one notification per job, in the one store both instances read
            await().atMost(WAIT).until(() -> inbox(first, token).getLong("pagination.total") == count);
            JsonPath fromFirst = inbox(first, token);
            JsonPath fromSecond = inbox(second, token);
            assertThat(fromFirst.getLong("pagination.total")).isEqualTo(count);
            assertThat(fromSecond.getLong("pagination.total")).isEqualTo(count);
            List<String> ids = fromFirst.getList("data.id", String.class);
            assertThat(fromSecond.getList("data.id", String.class)).isEqualTo(ids);
            assertThat(fromFirst.getList("data.jobId", String.class))
                    .containsExactlyInAnyOrderElementsOf(jobs.stream().map(UUID::toString).toList());
            assertThat(fromFirst.getList("data.type", String.class)).containsOnly("job_completed");

            // one email per notification: both instances drain the one outbox
            await().atMost(WAIT).until(() -> TestSmtp.get().receivedBy(address).size() >= count);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> TestSmtp.get().receivedBy(address).size() == count);
            List<TestSmtp.ReceivedMail> mails = TestSmtp.get().receivedBy(address);
            for (String id : ids) {
                assertThat(mails).as("the emails linking to notification %s", id)
                        .filteredOn(mail -> mail.text() != null && mail.text().contains("/notifications/" + id))
                        .hasSize(1);
            }
            assertThat(mails).extracting(TestSmtp.ReceivedMail::subject).containsOnly("Job sleep completed");

            // by now any message sent twice has had its time: every event of every job, once, in order, on both
            for (UUID jobId : jobs) {
                List<JsonNode> seenFirst = eventsOf(onFirst, jobId);
                List<JsonNode> seenSecond = eventsOf(onSecond, jobId);
                assertThat(ids(seenSecond)).as("job %s on the second instance", jobId).isEqualTo(ids(seenFirst));
                assertThat(ids(seenFirst)).as("job %s's event ids", jobId).doesNotHaveDuplicates();
                assertThat(seenFirst).as("job %s's events in order", jobId)
                        .isSortedAccordingTo(Comparator.<JsonNode>comparingInt(event -> event.get("attempt").asInt())
                                .thenComparingLong(event -> event.get("sequence").asLong()));
                // the queued event is api-service's and may be there as well
                assertThat(seenFirst).extracting(event -> event.get("type").asText())
                        .filteredOn(type -> !type.equals("job.queued"))
                        .containsExactly("job.started", "job.progress", "job.progress", "job.progress",
                                "job.completed");
                for (WsTestClient socket : List.of(onFirst, onSecond)) {
                    List<JsonNode> notifications = notificationsOf(socket, jobId);
                    assertThat(notifications).as("job %s's notification on %s", jobId,
                            socket == onFirst ? "the first instance" : "the second").hasSize(1);
                    assertThat(notifications.get(0).path("notification").path("id").asText()).isIn(ids);
                }
            }
        } catch (AssertionError | RuntimeException e) {
            System.out.println("second notifier's log:\n" + ProcessFiles.tail(replica.logFile(), 40) + "\n"
                    + platform.logs());
            throw e;
        }
    }

    private static boolean eachInstanceHasOne(List<UUID> jobs) {
        return assignments.stream().allMatch(assigned -> jobs.stream().anyMatch(job -> assigned.contains(
                partitionOf(job))));
    }

    private static URI webSocket(ServiceProcess notifier) {
        return URI.create(notifier.baseUrl().replace("http://", "ws://") + "/ws");
    }

    private static JsonPath inbox(String notifierUrl, String token) {
        return given().baseUri(notifierUrl).auth().oauth2(token).queryParam("limit", 100)
                .when().get("/api/notifications").then().statusCode(200).extract().jsonPath();
    }

    private static boolean hasCompleted(WsTestClient socket, UUID jobId) {
        return eventsOf(socket, jobId).stream().anyMatch(event -> event.get("type").asText().equals("job.completed"));
    }

    /** The job events (not notifications or counters) of one job received on the socket, as they arrived. */
    private static List<JsonNode> eventsOf(WsTestClient socket, UUID jobId) {
        return messages(socket).stream()
                .filter(message -> message.path("type").asText().startsWith("job."))
                .filter(message -> jobId.toString().equals(message.path("jobId").asText()))
                .toList();
    }

    private static List<JsonNode> notificationsOf(WsTestClient socket, UUID jobId) {
        return messages(socket).stream()
                .filter(message -> message.path("type").asText().equals("notification"))
                .filter(message -> jobId.toString().equals(message.path("notification").path("jobId").asText()))
                .toList();
    }

    private static List<JsonNode> messages(WsTestClient socket) {
        return socket.messages().stream().map(message -> JobJsonCodec.fromJson(message, JsonNode.class)).toList();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(event -> event.get("id").asText()).toList();
    }
}
