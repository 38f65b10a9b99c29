package dev.jobhub.api.connection;

import static dev.jobhub.api.connection.ConnectionApi.PROBLEM;
import static dev.jobhub.api.connection.ConnectionApi.body;
import static dev.jobhub.api.connection.ConnectionApi.create;
import static dev.jobhub.api.connection.ConnectionApi.createFor;
import static dev.jobhub.api.connection.ConnectionApi.delete;
import static dev.jobhub.api.connection.ConnectionApi.get;
import static dev.jobhub.api.connection.ConnectionApi.patch;
import static dev.jobhub.api.connection.ConnectionApi.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.job.JobService;
import dev.jobhub.api.schedule.ScheduleFirer;
import dev.jobhub.api.schedule.ScheduleValidator;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Schema jobs of a connection: rebuild and train-schema, one at a time, scheduled rebuilds, deletion. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "Pw-" + UUID.randomUUID();

    @Inject
    JobService jobs;

    @Inject
    ScheduleValidator scheduleValidator;

    private static UUID connectionWithSecret(String user, String name, String extra) {
        String body = body(name, extra).replace("\"password\":\"" + ConnectionApi.PASSWORD + "\"",
                "\"password\":\"" + SECRET + "\"");
        return UUID.fromString(create(TestTokens.user(user), body).statusCode(201).extract().path("id"));
    }

    @Test
    void rebuildIsAcceptedAndItsCommandCarriesOnlyTheConnectionIdNeverThePassword() {
        String user = JobRows.uniqueUser("schema");
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL);
                TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            UUID id = connectionWithSecret(user, "rebuilt", "");
            String jobId = post(TestTokens.user(user), id, "rebuild", null).statusCode(202)
                    .header("Location", containsString("/api/jobs/"))
                    .body("state", equalTo("queued"))
                    .extract().path("jobId");

            await().atMost(WAIT).until(() -> commands.commands().stream()
                    .anyMatch(command -> command.jobId().toString().equals(jobId)));
            JobCommand command = commands.commands().stream()
                    .filter(c -> c.jobId().toString().equals(jobId)).findFirst().orElseThrow();
            assertThat(command.jobType()).isEqualTo(SchemaJobTypes.REBUILD);
            assertThat(command.userId()).isEqualTo(user);
            JsonNode payload = command.payload();
            assertThat(payload.size()).isEqualTo(2);
            assertThat(payload.get("connectionId").asText()).isEqualTo(id.toString());
            assertThat(payload.get("force").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> events.eventsOf(UUID.fromString(jobId)).size() >= 1);

            for (var record : commands.raw()) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
            }
            for (var record : events.raw()) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
            }
            given().auth().oauth2(TestTokens.user(user)).when().get("/api/jobs/" + jobId).then().statusCode(200)
                    .body("type", equalTo(SchemaJobTypes.REBUILD))
                    .body("payload.connectionId", equalTo(id.toString()));
        }
    }

    @Test
    void aSecondSchemaJobWhileOneWaitsIsA409NamingTheWaitingJob() {
        String user = JobRows.uniqueUser("schema");
        UUID id = createFor(user, "busy");
        String first = post(TestTokens.user(user), id, "rebuild", "{\"force\":true}").statusCode(202)
                .extract().path("jobId");
        post(TestTokens.user(user), id, "rebuild", null).statusCode(409).contentType(PROBLEM)
                .body("existingJobId", equalTo(first));
        // rebuild and train share the connection's singleton key
        post(TestTokens.user(user), id, "train-schema", "{\"schemas\":[\"public\"]}").statusCode(409)
                .body("existingJobId", equalTo(first));
        // another connection is not held up
        post(TestTokens.user(user), createFor(user, "idle"), "rebuild", "").statusCode(202);

        given().auth().oauth2(TestTokens.user(user)).when().delete("/api/jobs/" + first).then().statusCode(200);
        post(TestTokens.user(user), id, "rebuild", null).statusCode(202);
    }

    @Test
    void trainSchemaTakesASelectionAndNamesWrongFields() {
        String user = JobRows.uniqueUser("schema");
        UUID id = createFor(user, "trained");
        String token = TestTokens.user(user);
        post(token, id, "train-schema", "{\"schemas\":\"public\"}").statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("schemas"));
        post(token, id, "train-schema", "{\"tables\":[\"\"]}").statusCode(400)
                .body("errors.field", hasItem("tables"));
        post(token, id, "train-schema", "{\"tables\":[\"bad\\u0001name\"]}").statusCode(400)
                .body("errors.field", hasItem("tables"));
        post(token, id, "train-schema", "{\"include\":{\"columns\":\"yes\"}}").statusCode(400)
                .body("errors.field", hasItem("include.columns"));
        post(token, id, "train-schema", "{\"include\":{\"everything\":true}}").statusCode(400)
                .body("errors.field", hasItem("include.everything"));
        post(token, id, "train-schema", "{\"tablez\":[]}").statusCode(400)
                .body("errors.field", hasItem("tablez"));
        post(token, id, "rebuild", "{\"force\":\"yes\"}").statusCode(400).body("errors.field", hasItem("force"));
        post(token, id, "rebuild", "[1]").statusCode(400);

        String jobId = post(token, id, "train-schema",
                "{\"schemas\":[\"public\"],\"tables\":[\"public.jobs\",\"outbox\"],\"include\":{\"indexes\":false}}")
                .statusCode(202).extract().path("jobId");
        given().auth().oauth2(token).when().get("/api/jobs/" + jobId).then().statusCode(200)
                .body("type", equalTo(SchemaJobTypes.TRAIN))
                .body("payload.connectionId", equalTo(id.toString()))
                .body("payload.schemas", equalTo(List.of("public")))
                .body("payload.tables", equalTo(List.of("public.jobs", "outbox")))
                .body("payload.include.indexes", equalTo(false));
    }

    @Test
    void theGenericEndpointsRefuseSchemaJobTypes() {
        String user = JobRows.uniqueUser("schema");
        String token = TestTokens.user(user);
        UUID id = createFor(user, "refused");
        String payload = "{\"connectionId\":\"" + id + "\"}";
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"schema.rebuild\",\"payload\":" + payload + "}")
                .when().post("/api/jobs").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("type"))
                .body("detail", containsString("/api/connections/{id}/rebuild"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"jobs\":[{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1}},"
                        + "{\"type\":\"schema.train\",\"payload\":" + payload + "}]}")
                .when().post("/api/jobs/batch").then().statusCode(400)
                .body("errors.field", hasItem("jobs[1].type"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"sneaky\",\"cron\":\"0 3 * * *\",\"jobType\":\"schema.rebuild\",\"payload\":"
                        + payload + "}")
                .when().post("/api/schedules").then().statusCode(400)
                .body("errors.field", hasItem("jobType"));
        assertThat(JobRows.count("SELECT count(*) FROM api.jobs WHERE user_id = ?", user)).isZero();
        assertThat(JobRows.count("SELECT count(*) FROM api.schedules WHERE user_id = ?", user)).isZero();

        // a connection's own schedule cannot be turned into something else through /api/schedules either
        String scheduleId = patch(token, id, "{\"rebuildSchedule\":{\"cron\":\"0 3 * * *\"}}").statusCode(200)
                .extract().path("rebuildSchedule.scheduleId");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"cron\":\"0 4 * * *\"}")
                .when().patch("/api/schedules/" + scheduleId).then().statusCode(400)
                .body("errors.field", hasItem("jobType"));
    }

    @Test
    void aRebuildScheduleIsCreatedChangedAndRemovedWithTheConnection() {
        String user = JobRows.uniqueUser("schema");
        String token = TestTokens.user(user);
        UUID id = UUID.fromString(create(token, body("nightly",
                "\"rebuildSchedule\":{\"cron\":\"0 3 * * *\",\"timezone\":\"Europe/Berlin\"}")).statusCode(201)
                .body("rebuildSchedule.cron", equalTo("0 3 * * *"))
                .body("rebuildSchedule.timezone", equalTo("Europe/Berlin"))
                .body("rebuildSchedule.scheduleId", notNullValue())
                .body("rebuildSchedule.nextRunAt", notNullValue())
                .extract().path("id"));
        UUID scheduleId = UUID.fromString(get(token, id).statusCode(200).extract().path("rebuildSchedule.scheduleId"));
        assertThat(JobRows.value("SELECT job_type FROM api.schedules WHERE id = ? AND user_id = ?", scheduleId, user))
                .isEqualTo(SchemaJobTypes.REBUILD);
        assertThat(JobRows.value("SELECT singleton_key FROM api.schedules WHERE id = ?", scheduleId))
                .isEqualTo(SchemaJobTypes.singletonKey(id));
        assertThat(JobRows.value("SELECT payload::text FROM api.schedules WHERE id = ?", scheduleId).toString())
                .contains(id.toString()).contains("\"force\": false");
        assertThat(JobRows.value("SELECT schedule_id FROM api.connections WHERE id = ?", id)).isEqualTo(scheduleId);

        patch(token, id, "{\"rebuildSchedule\":{\"cron\":\"30 4 * * 1\"}}").statusCode(200)
                .body("rebuildSchedule.cron", equalTo("30 4 * * 1"))
                .body("rebuildSchedule.timezone", equalTo("UTC"))
                .body("rebuildSchedule.scheduleId", equalTo(scheduleId.toString()));
        patch(token, id, "{\"port\":5433}").statusCode(200)
                .body("rebuildSchedule.cron", equalTo("30 4 * * 1"));
        patch(token, id, "{\"rebuildSchedule\":{\"cron\":\"0 3 * * *\",\"timezone\":\"Mars/Olympus\"}}")
                .statusCode(400).body("errors.field", hasItem("rebuildSchedule.timezone"));

        patch(token, id, "{\"rebuildSchedule\":null}").statusCode(200).body("rebuildSchedule", nullValue());
        assertThat(JobRows.count("SELECT count(*) FROM api.schedules WHERE id = ?", scheduleId)).isZero();

        UUID again = UUID.fromString(patch(token, id, "{\"rebuildSchedule\":{\"cron\":\"0 5 * * *\"}}")
                .statusCode(200).extract().path("rebuildSchedule.scheduleId"));
        delete(token, id).statusCode(204);
        assertThat(JobRows.count("SELECT count(*) FROM api.schedules WHERE id = ?", again)).isZero();
    }

    @Test
    void deletingAConnectionCancelsItsQueuedRebuild() {
        String user = JobRows.uniqueUser("schema");
        String token = TestTokens.user(user);
        UUID id = createFor(user, "cancelled");
        UUID jobId = UUID.fromString(post(token, id, "rebuild", null).statusCode(202).extract().path("jobId"));
        UUID otherJob = UUID.fromString(post(token, createFor(user, "kept"), "rebuild", null).statusCode(202)
                .extract().path("jobId"));

        delete(token, id).statusCode(204);

        given().auth().oauth2(token).when().get("/api/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("cancelled"));
        given().auth().oauth2(token).when().get("/api/jobs/" + otherJob).then().statusCode(200)
                .body("state", equalTo("queued"));
    }

    @Test
    void aScheduledRebuildTickWhileARebuildWaitsIsSkippedAndTheScheduleKeepsFiring() throws Throwable {
        String user = JobRows.uniqueUser("schema");
        String token = TestTokens.user(user);
        UUID id = UUID.fromString(create(token, body("skips", "\"rebuildSchedule\":{\"cron\":\"*/5 * * * *\"}"))
                .statusCode(201).extract().path("id"));
        UUID scheduleId = UUID.fromString(get(token, id).extract().path("rebuildSchedule.scheduleId"));
        String running = post(token, id, "rebuild", null).statusCode(202).extract().path("jobId");
        Instant due = Instant.now().minus(Duration.ofMinutes(1));
        try {
            JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", due, scheduleId);
            ScheduleFirer firer = new ScheduleFirer(jobs, scheduleValidator, Instant::now, 100);
            VertxContextSupport.subscribeAndAwait(firer::fireDue);

            assertThat(JobRows.count("SELECT count(*) FROM api.jobs WHERE user_id = ?", user)).isEqualTo(1);
            assertThat((Boolean) JobRows.value("SELECT enabled FROM api.schedules WHERE id = ?", scheduleId)).isTrue();
            assertThat(JobRows.instant("SELECT next_run_at FROM api.schedules WHERE id = ?", scheduleId))
                    .isAfter(Instant.now());
            assertThat((String) JobRows.value("SELECT last_error FROM api.schedules WHERE id = ?", scheduleId))
                    .contains("skipped").contains(running);

            // once the rebuild is over, the next tick submits one
            given().auth().oauth2(token).when().delete("/api/jobs/" + running).then().statusCode(200);
            JobRows.update("UPDATE api.schedules SET next_run_at = ? WHERE id = ?", due, scheduleId);
            VertxContextSupport.subscribeAndAwait(firer::fireDue);
            assertThat(JobRows.count("SELECT count(*) FROM api.jobs WHERE user_id = ? AND type = ? AND state = 'queued'",
                    user, SchemaJobTypes.REBUILD)).isEqualTo(1);
            assertThat(JobRows.value("SELECT last_error FROM api.schedules WHERE id = ?", scheduleId)).isNull();
        } finally {
            JobRows.update("UPDATE api.schedules SET enabled = false, next_run_at = NULL WHERE id = ?", scheduleId);
        }
    }
}
