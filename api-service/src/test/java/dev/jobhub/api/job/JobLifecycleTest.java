package dev.jobhub.api.job;

import static dev.jobhub.api.JobApi.get;
import static dev.jobhub.api.JobApi.sleepJob;
import static dev.jobhub.api.JobApi.submit;
import static dev.jobhub.api.JobApi.submitSleep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Submission through the outbox to Kafka, and the projection of job events back onto the record. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void submissionIsAcceptedAndPublishesItsCommandAndQueuedEvent() {
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_HIGH);
                TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            String location = submit("alice", "{\"type\":\"sleep\",\"priority\":\"high\",\"maxAttempts\":5,"
                    + "\"payload\":{\"steps\":3,\"stepMillis\":10}}")
                    .statusCode(202)
                    .body("state", equalTo("queued"))
                    .header("Location", containsString("/api/jobs/"))
                    .extract().header("Location");
            UUID jobId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

            await().atMost(WAIT).until(() -> commands.commands().stream().anyMatch(c -> c.jobId().equals(jobId)));
            JobCommand command = commands.commands().stream().filter(c -> c.jobId().equals(jobId)).findFirst().orElseThrow();
            assertThat(command.userId()).isEqualTo("alice");
            assertThat(command.priority()).isEqualTo(Priority.HIGH);
            assertThat(command.attempt()).isEqualTo(1);
            assertThat(command.maxAttempts()).isEqualTo(5);
            assertThat(command.sequence()).isEqualTo(1);
            assertThat(command.payload().get("steps").asInt()).isEqualTo(3);
            ConsumerRecord<String, byte[]> record = commands.raw().stream()
                    .filter(r -> r.key().equals(jobId.toString())).findFirst().orElseThrow();
            assertThat(header(record, "ce_type")).isEqualTo("job.run");
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isEqualTo(command.id().toString());
            assertThat(header(record, "ce_source")).isEqualTo("/jobhub/api-service");

            await().atMost(WAIT).until(() -> !events.eventsOf(jobId).isEmpty());
            JobEvent queued = events.eventsOf(jobId).get(0);
            assertThat(queued.type()).isEqualTo(JobEventType.QUEUED);
            assertThat(queued.sequence()).isEqualTo(1);
        }
    }

    @Test
    void jobRecordShowsEveryField() {
        UUID jobId = submitSleep("alice");

        get(TestTokens.user("alice"), jobId).statusCode(200)
                .body("id", equalTo(jobId.toString()))
                .body("type", equalTo("sleep"))
                .body("state", equalTo("queued"))
                .body("priority", equalTo("normal"))
                .body("payload.steps", equalTo(2))
                .body("attempts", equalTo(0))
                .body("maxAttempts", equalTo(3))
                .body("createdAt", notNullValue())
                .body("startedAt", nullValue())
                .body("finishedAt", nullValue());
    }

    @Test
    void eventsMoveTheJobToCompletedAndStaleOrDuplicateEventsChangeNothing() {
        UUID jobId = submitSleep("alice");
        JobCommand command = commandFor(jobId);

        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.started(command, 2, "w1"));
        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.progress(command, 3, Progress.of(1, 2, "step 1 of 2"), "w1"));
        await().atMost(WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                .body("state", equalTo("active"))
                .body("progress.current", equalTo(1))
                .body("progress.percentage", equalTo(50.0f))
                .body("startedAt", notNullValue())
                .body("attempts", equalTo(1)));

        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.completed(command, 5,
                JobJsonCodec.mapper().createObjectNode().put("steps", 2), "w1"));
        await().atMost(WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                .body("state", equalTo("completed"))
                .body("result.steps", equalTo(2))
                .body("finishedAt", notNullValue()));

        // a progress event that arrives late (sequence 4 < 5) and a duplicate of the completion
        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.progress(command, 4, Progress.of(2, 2, "late"), "w1"));
        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.failed(command, 5, JobError.of("x", "dup"), "w1"));
        UUID marker = submitSleep("alice");
        JobCommand markerCommand = commandFor(marker);
        TestKafka.produce(Topics.EVENTS, marker.toString(), JobEvent.started(markerCommand, 2, "w1"));
        // once a later event is applied, the stale ones before it have been seen too (one consumer, in order per partition,
        // and the marker may sit on another partition: so wait a little beyond it as well)
        await().atMost(WAIT).untilAsserted(() -> get(TestTokens.user("alice"), marker).body("state", equalTo("active")));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                .body("state", equalTo("completed"))
                .body("progress.message", equalTo("step 1 of 2"))
                .body("error", nullValue()));
    }

    @Test
    void failedEventRecordsTheError() {
        UUID jobId = submitSleep("alice");
        JobCommand command = commandFor(jobId);

        TestKafka.produce(Topics.EVENTS, jobId.toString(), JobEvent.started(command, 2, "w1"));
        TestKafka.produce(Topics.EVENTS, jobId.toString(),
                JobEvent.failed(command, 3, JobError.of("handler_error", "failed at step 1"), "w1"));

        await().atMost(WAIT).untilAsserted(() -> get(TestTokens.user("alice"), jobId)
                .body("state", equalTo("failed"))
                .body("error.code", equalTo("handler_error"))
                .body("error.message", equalTo("failed at step 1"))
                .body("finishedAt", notNullValue()));
    }

    @Test
    void aUserSeesOnlyTheirOwnJobsAndAnAdminSeesAll() {
        UUID alices = submitSleep("alice");
        UUID bobs = submitSleep("bob");

        get(TestTokens.user("bob"), alices).statusCode(404).contentType("application/problem+json");
        get(TestTokens.admin("root"), alices).statusCode(200).body("userId", equalTo("alice"));
        List<String> bobSees = given().auth().oauth2(TestTokens.user("bob")).queryParam("limit", 100)
                .when().get("/api/jobs").then().statusCode(200).extract().path("data.id");
        assertThat(bobSees).contains(bobs.toString()).doesNotContain(alices.toString());
        List<String> adminSees = given().auth().oauth2(TestTokens.admin("root")).queryParam("limit", 100)
                .when().get("/api/jobs").then().statusCode(200).extract().path("data.id");
        assertThat(adminSees).contains(bobs.toString(), alices.toString());
    }

    @Test
    void listingPagesNewestFirstAndFilters() {
        String user = "lister-" + UUID.randomUUID();
        UUID first = submitSleep(user);
        UUID second = submitSleep(user);
        UUID third = submitSleep(user);

        given().auth().oauth2(TestTokens.user(user)).queryParam("page", 1).queryParam("limit", 2)
                .when().get("/api/jobs").then().statusCode(200)
                .body("data.id", equalTo(List.of(third.toString(), second.toString())))
                .body("pagination.total", equalTo(3))
                .body("pagination.pages", equalTo(2))
                .body("pagination.page", equalTo(1))
                .body("pagination.limit", equalTo(2));
        given().auth().oauth2(TestTokens.user(user)).queryParam("page", 2).queryParam("limit", 2)
                .when().get("/api/jobs").then().statusCode(200)
                .body("data.id", equalTo(List.of(first.toString())));
        given().auth().oauth2(TestTokens.user(user)).queryParam("state", "completed")
                .when().get("/api/jobs").then().statusCode(200)
                .body("pagination.total", equalTo(0));
        given().auth().oauth2(TestTokens.user(user)).queryParam("type", "sleep").queryParam("state", "queued")
                .when().get("/api/jobs").then().statusCode(200)
                .body("pagination.total", equalTo(3));
    }

    /** The command the outbox published for the job (read back from Kafka, as the worker would). */
    private static JobCommand commandFor(UUID jobId) {
        try (TopicRecording commands = TestKafka.recordFromBeginning(Topics.COMMANDS_NORMAL)) {
            await().atMost(WAIT).until(() -> commands.commands().stream().anyMatch(c -> c.jobId().equals(jobId)));
            return commands.commands().stream().filter(c -> c.jobId().equals(jobId)).findFirst().orElseThrow();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
