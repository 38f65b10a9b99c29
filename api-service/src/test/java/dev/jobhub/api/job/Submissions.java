package dev.jobhub.api.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.model.Topics;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The calls and database look-ups the submission tests share. */
final class Submissions {

    static final String PROBLEM = "application/problem+json";
    static final Duration WAIT = Duration.ofSeconds(20);

    private Submissions() {
    }

    /** A sleep job with extra top-level fields, e.g. {@code "\"delayMs\":60000"}. */
    static String sleep(String extra) {
        return "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1}" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static ValidatableResponse submit(String user, String body) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .when().post("/api/jobs").then();
    }

    static ValidatableResponse submit(String user, String body, String idempotencyKey) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .header("Idempotency-Key", idempotencyKey)
                .when().post("/api/jobs").then();
    }

    static UUID submitted(ValidatableResponse response) {
        return UUID.fromString(response.statusCode(202).extract().path("jobId"));
    }

    static ValidatableResponse batch(String user, String body) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .when().post("/api/jobs/batch").then();
    }

    static ValidatableResponse get(String user, UUID jobId) {
        return given().auth().oauth2(TestTokens.user(user)).when().get("/api/jobs/" + jobId).then();
    }

    static List<Row> rows(Pool pool, String sql, Object... values) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(values)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    static Row job(Pool pool, UUID id) {
        return rows(pool, "SELECT * FROM jobs WHERE id = $1", id).get(0);
    }

    static long outboxRowsOf(Pool pool, UUID jobId) {
        return rows(pool, "SELECT count(*) FROM outbox WHERE message_key = $1", jobId.toString()).get(0).getLong(0);
    }

    /**
     * Asserts that no command for {@code jobId} is published: a later, immediate high job's command is awaited on
     * the same recording first, so the relay has certainly run past anything the job could have written.
     */
    static void assertNoCommandFor(UUID jobId, String user, TopicRecording... recordings) {
        try (TopicRecording high = TestKafka.record(Topics.COMMANDS_HIGH)) {
            UUID marker = submitted(submit(user, sleep("\"priority\":\"high\"")));
            await().atMost(WAIT).until(() -> high.commands().stream().anyMatch(c -> c.jobId().equals(marker)));
            // the relay publishes in outbox order, so the job's command would be out by now; other recordings may lag a bit
            await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).untilAsserted(() -> {
                for (TopicRecording recording : recordings) {
                    org.assertj.core.api.Assertions.assertThat(recording.commands())
                            .noneMatch(command -> command.jobId().equals(jobId));
                }
            });
        }
    }
}
