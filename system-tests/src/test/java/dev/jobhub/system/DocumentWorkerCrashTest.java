package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL in the middle of a document's embedding: the chunks it had stored stay invisible to
 * search, the other worker runs the document again from the start, and the document ends with exactly one complete
 * set of vectors, its counts, and one notification.
 */
class DocumentWorkerCrashTest {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final List<String> SUBJECTS = List.of("The harbour pilot", "A glacier", "The orchestra",
            "Our compiler", "The beekeeper", "A comet", "The night train", "The vineyard");
    private static final List<String> VERBS = List.of("measures", "remembers", "carries", "repairs", "paints",
            "questions", "follows", "balances");
    private static final List<String> OBJECTS = List.of("the tide tables", "a broken lantern", "seven letters",
            "the evening forecast", "a copper kettle", "the northern ridge", "an old sonata", "the river delta");

    @Test
    void aDocumentWhoseWorkerIsKilledIsEmbeddedOnceByTheOtherWorkerAndNeverHalfVisible() {
        RunningPlatform platform = RunningPlatform.get();
        String user = "crash-docs-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        PlatformClient client = new PlatformClient(platform, token);

        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            JsonPath accepted = given().baseUri(platform.apiUrl()).auth().oauth2(token)
                    .multiPart("file", "long.txt", longText(), "text/plain")
                    .when().post("/api/documents").then().statusCode(202).extract().jsonPath();
            String documentId = accepted.getString("documentId");
            UUID jobId = UUID.fromString(accepted.getString("jobId"));

            // at least one batch stored, more to come
            await().atMost(Duration.ofSeconds(90)).until(() -> events.eventsOf(jobId).stream()
                    .anyMatch(e -> e.type() == JobEventType.PROGRESS && e.progress().message().startsWith("Embedded")));
            JobEvent started = events.eventsOf(jobId).stream().filter(e -> e.type() == JobEventType.STARTED)
                    .findFirst().orElseThrow();
            ServiceProcess victim = platform.workerNamed(started.workerId());
            victim.kill();
            try {
                // what the dead worker stored is there, and nothing of it is searchable
                assertThat(Integer.parseInt(sql("SELECT count(*) FROM worker.document_chunks c"
                        + " JOIN worker.document_vector_sets s ON s.id = c.set_id"
                        + " WHERE s.document_id = '" + documentId + "' AND NOT s.complete"))).isGreaterThan(0);
                assertThat(sql(searchable(user, documentId))).isEqualTo("0");

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> "completed".equals(client.api("GET", "/api/documents/" + documentId
                                + "/status", null).statusCode(200).extract().path("status")));
            } finally {
                platform.restart(victim);
            }

            JsonPath status = client.api("GET", "/api/documents/" + documentId + "/status", null).extract()
                    .jsonPath();
            List<JobEvent> ofJob = events.eventsOf(jobId);
            assertThat(ofJob).filteredOn(e -> e.type() == JobEventType.STARTED && e.attempt() == 2)
                    .singleElement().satisfies(e -> assertThat(e.workerId()).isNotEqualTo(started.workerId()));
            assertThat(ofJob).filteredOn(e -> e.type() == JobEventType.COMPLETED).singleElement()
                    .satisfies(e -> assertThat(e.result().get("chunks").asInt()).isEqualTo(status.getInt("chunkCount")));
            // one set, complete, with every chunk: the dead worker's partial set is gone
            assertThat(sql("SELECT count(*) || '|' || bool_and(complete) || '|' || sum(chunk_count)"
                    + " FROM worker.document_vector_sets WHERE document_id = '" + documentId + "'"))
                    .isEqualTo("1|true|" + status.getInt("chunkCount"));
            assertThat(sql(searchable(user, documentId))).isEqualTo(String.valueOf(status.getInt("chunkCount")));
            await().atMost(Duration.ofSeconds(30)).until(() -> client.notificationsOf(jobId).size() == 1);
            assertThat(client.notificationsOf(jobId).get(0).get("type")).isEqualTo("document_processed");
        }
    }

    private static String searchable(String user, String documentId) {
        return "SELECT count(*) FROM worker.document_search_vectors('" + user + "', '" + MODEL + "', ARRAY['"
                + documentId + "']::uuid[])";
    }

    private static String sql(String query) {
        return SharedInfra.get().postgres().psql("jobhub", query).trim();
    }

    /** About 250 chunks of varied sentences (a fixed seed): several seconds of embedding on two cores. */
    private static byte[] longText() {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        for (int sentence = 1; text.length() < 250_000; sentence++) {
            text.append(SUBJECTS.get(random.nextInt(SUBJECTS.size()))).append(' ')
                    .append(VERBS.get(random.nextInt(VERBS.size()))).append(' ')
                    .append(OBJECTS.get(random.nextInt(OBJECTS.size())))
                    .append(" in passage ").append(sentence).append(". ");
            if (sentence % 12 == 0) {
                text.append("\n\n");
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
