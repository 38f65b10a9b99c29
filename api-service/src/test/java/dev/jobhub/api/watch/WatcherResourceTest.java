package dev.jobhub.api.watch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.jobhub.api.JobApi;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobWatchers;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/jobs/{id}/watchers}: who may see and change a job's watchers, what a request may ask, and that every
 * change reaches notifications.requests as the whole new list with the next sequence.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class WatcherResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A job that waits an hour: unfinished for the whole test. */
    private static UUID waitingJob(String owner) {
        return UUID.fromString(JobApi.submit(owner, "{\"type\":\"sleep\",\"delayMs\":3600000,"
                + "\"payload\":{\"steps\":1,\"stepMillis\":1}}").statusCode(202).extract().path("jobId"));
    }

    private static ValidatableResponse add(String token, UUID job, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/jobs/" + job + "/watchers").then();
    }

    private static ValidatableResponse list(String token, UUID job) {
        return given().auth().oauth2(token).when().get("/api/jobs/" + job + "/watchers").then();
    }

    private static ValidatableResponse remove(String token, UUID job, String userId) {
        return given().auth().oauth2(token).when().delete("/api/jobs/" + job + "/watchers/" + userId).then();
    }

    private static List<JobWatchers> announced(TopicRecording recording, UUID job) {
        return recording.raw().stream()
                .filter(record -> job.toString().equals(record.key()))
                .map(record -> JobJsonCodec.fromBytes(record.value(), JobWatchers.class))
                .toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theOwnerAddsListsAndRemovesWatchersAndEveryChangeIsAnnouncedWhole() {
        String owner = JobRows.uniqueUser("owner");
        String token = TestTokens.user(owner);
        try (TopicRecording requests = TestKafka.record(Topics.NOTIFICATION_REQUESTS)) {
            UUID job = waitingJob(owner);

            add(token, job, "{\"userIds\":[\"bob\",\"carol\"]}").statusCode(200)
                    .body("jobId", equalTo(job.toString()))
                    .body("userId", equalTo(owner))
                    .body("watchers", contains("bob", "carol"));
            // carol watches already: she stays where she is, dave joins at the end
            add(token, job, "{\"userIds\":[\"carol\",\"dave\"]}").statusCode(200)
                    .body("watchers", contains("bob", "carol", "dave"));
            // nothing new: no change, so no message (had it made one, it would come before the next one)
            add(token, job, "{\"userIds\":[\"bob\"]}").statusCode(200)
                    .body("watchers", contains("bob", "carol", "dave"));
            remove(token, job, "carol").statusCode(204);
            list(token, job).statusCode(200).body("watchers", contains("bob", "dave"));
            remove(token, job, "carol").statusCode(404).contentType(startsWith("application/problem+json"));

            await().atMost(WAIT).until(() -> announced(requests, job).size() >= 3);
            List<JobWatchers> messages = announced(requests, job);
            assertThat(messages).extracting(JobWatchers::sequence).containsExactly(1L, 2L, 3L);
            assertThat(messages).extracting(JobWatchers::watchers).containsExactly(List.of("bob", "carol"),
                    List.of("bob", "carol", "dave"), List.of("bob", "dave"));
            assertThat(messages).allSatisfy(message -> {
                assertThat(message.type()).isEqualTo(JobWatchers.TYPE);
                assertThat(message.jobId()).isEqualTo(job);
                assertThat(message.userId()).isEqualTo(owner);
            });
            ConsumerRecord<String, byte[]> record = requests.raw().stream()
                    .filter(r -> job.toString().equals(r.key())).findFirst().orElseThrow();
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(JobWatchers.TYPE);
            assertThat(header(record, "ce_subject")).isEqualTo(job.toString());
            assertThat(header(record, CloudEventHeaders.USER_ID)).isEqualTo(owner);

            // the last one leaves an empty list, still announced, with the next sequence
            remove(token, job, "bob").statusCode(204);
            remove(token, job, "dave").statusCode(204);
            list(token, job).statusCode(200).body("watchers", empty());
            await().atMost(WAIT).until(() -> announced(requests, job).size() == 5);
            assertThat(announced(requests, job).get(4).sequence()).isEqualTo(5);
            assertThat(announced(requests, job).get(4).watchers()).isEmpty();
        }
    }

    @Test
    void anotherUsersJobIsNotFoundOnEveryWatcherRouteAndAnAdminSeesAndChangesAnyJobs() {
        String owner = JobRows.uniqueUser("owner");
        UUID job = waitingJob(owner);
        add(TestTokens.user(owner), job, "{\"userIds\":[\"bob\"]}").statusCode(200);
        String intruder = TestTokens.user(JobRows.uniqueUser("intruder"));

        // 404 before anything about the request is looked at, and nothing of the owner in the answer
        for (ValidatableResponse answer : List.of(add(intruder, job, "{\"userIds\":[\"mallory\"]}"),
                add(intruder, job, "{}"), list(intruder, job), remove(intruder, job, "bob"))) {
            answer.statusCode(404).contentType(startsWith("application/problem+json"));
            assertThat(answer.extract().asString()).doesNotContain(owner).doesNotContain("bob");
        }
        // a bob who watches the job is a watcher only: he does not manage its list
        list(TestTokens.user("bob"), job).statusCode(404);
        for (String missing : List.of(UUID.randomUUID().toString(), "not-a-job")) {
            given().auth().oauth2(TestTokens.user(owner)).when().get("/api/jobs/" + missing + "/watchers").then()
                    .statusCode(404).contentType(startsWith("application/problem+json"));
        }

        String admin = TestTokens.admin(JobRows.uniqueUser("admin"));
        add(admin, job, "{\"userIds\":[\"erin\"]}").statusCode(200).body("watchers", contains("bob", "erin"));
        remove(admin, job, "bob").statusCode(204);
        list(TestTokens.user(owner), job).statusCode(200).body("watchers", contains("erin"))
                .body("userId", equalTo(owner));
    }

    @Test
    void aFinishedJobHasNothingToFollow() {
        String owner = JobRows.uniqueUser("owner");
        String token = TestTokens.user(owner);
        UUID job = waitingJob(owner);
        add(token, job, "{\"userIds\":[\"bob\"]}").statusCode(200);
        // a waiting job is cancelled at once
        given().auth().oauth2(token).when().delete("/api/jobs/" + job).then().statusCode(200);

        add(token, job, "{\"userIds\":[\"carol\"]}").statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(409))
                .body("detail", equalTo("job " + job + " is cancelled: it has ended, there is nothing to follow"));
        // what was there stays readable, and may still be removed
        list(token, job).statusCode(200).body("watchers", contains("bob"));
        remove(token, job, "bob").statusCode(204);
    }

    @Test
    void aWrongRequestIsA400NamingEachWrongField() {
        String owner = JobRows.uniqueUser("owner");
        String token = TestTokens.user(owner);
        UUID job = waitingJob(owner);
        String tooLong = "x".repeat(JobWatchers.MAX_USER_ID_LENGTH + 1);

        add(token, job, "{\"userIds\":[\"bob\",\" \",\"" + tooLong + "\",\"bob\",\"" + owner + "\",null]}")
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", containsInAnyOrder("userIds[1]", "userIds[2]", "userIds[3]", "userIds[4]",
                        "userIds[5]"));
        for (String body : List.of("{}", "{\"userIds\":[]}", "{\"userIds\":null}",
                "{\"userIds\":" + ids(WatcherRequest.MAX_PER_REQUEST + 1) + "}")) {
            add(token, job, body).statusCode(400).body("errors.field", contains("userIds"));
        }
        add(token, job, "{\"userIds\":\"bob\"}").statusCode(400).body("errors[0].field", startsWith("userIds"));
        add(token, job, "{\"userIds\":[1]}").statusCode(400).body("errors[0].field", startsWith("userIds"));
        list(token, job).statusCode(200).body("watchers", empty());
    }

    @Test
    void aJobHasAtMostFiftyWatchers() {
        String owner = JobRows.uniqueUser("owner");
        String token = TestTokens.user(owner);
        UUID job = waitingJob(owner);

        add(token, job, "{\"userIds\":" + ids(JobWatchers.MAX_WATCHERS) + "}").statusCode(200);
        add(token, job, "{\"userIds\":[\"one-more\"]}").statusCode(409)
                .contentType(startsWith("application/problem+json"));
        list(token, job).statusCode(200).body("watchers.size()", equalTo(JobWatchers.MAX_WATCHERS));
    }

    private static String ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"user-" + i + "\"").toList().toString();
    }
}
