package dev.jobhub.api.document;

import static dev.jobhub.api.document.DocumentApi.PROBLEM;
import static dev.jobhub.api.document.DocumentApi.as;
import static dev.jobhub.api.document.DocumentApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.VectorizeJobType;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** POST /api/documents and the document record: what is accepted, stored and queued, and what is refused. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentUploadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MARKER = "Marker-" + UUID.randomUUID();

    /** The bytes as the worker reads them: through the view api.document_sources, for the document and its owner. */
    private static byte[] sourceBytes(UUID documentId, String user) throws Exception {
        try (var connection = JobRows.connect(); PreparedStatement statement = JobRows.prepare(connection,
                "SELECT content FROM api.document_sources WHERE id = ? AND user_id = ?", documentId, user);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getBytes(1) : null;
        }
    }

    @Test
    void textMarkdownHtmlAndPdfAreAcceptedStoredAndQueuedWithACommandThatCarriesNoBytes() throws Exception {
        String user = JobRows.uniqueUser("docs");
        byte[] pdf = ("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n" + MARKER + "\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> files = Map.of(
                "notes.txt", ("Plain notes. " + MARKER).getBytes(StandardCharsets.UTF_8),
                "guide.md", ("# Guide\n\nSee [the docs](https://example.com). " + MARKER).getBytes(StandardCharsets.UTF_8),
                "page.html", ("<!doctype html><html><body><p>" + MARKER + "</p></body></html>")
                        .getBytes(StandardCharsets.UTF_8),
                "scan.bin", pdf);
        Map<String, String> expectedType = Map.of("notes.txt", "text/plain", "guide.md", "text/markdown",
                "page.html", "text/html", "scan.bin", "application/pdf");
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL)) {
            for (var file : files.entrySet()) {
                byte[] content = file.getValue();
                var accepted = upload(user, file.getKey(), content, "application/octet-stream",
                        Map.of("metadata", "{\"source\":\"test\",\"tags\":[\"a\"]}", "chunkSize", "500",
                                "chunkOverlap", "50"))
                        .statusCode(202)
                        .header("Location", containsString("/api/documents/"))
                        .body("fileName", equalTo(file.getKey()))
                        .body("fileSize", equalTo(content.length))
                        .body("status", equalTo("queued_for_processing"))
                        .body("jobId", notNullValue())
                        .extract();
                UUID documentId = UUID.fromString(accepted.path("documentId"));
                String jobId = accepted.path("jobId");
                assertThat(accepted.header("Location")).endsWith("/api/documents/" + documentId);

                DocumentApi.get(TestTokens.user(user), documentId).statusCode(200)
                        .body("id", equalTo(documentId.toString()))
                        .body("userId", equalTo(user))
                        .body("filename", equalTo(file.getKey()))
                        .body("fileSize", equalTo(content.length))
                        .body("mimeType", equalTo(expectedType.get(file.getKey())))
                        .body("status", equalTo("queued"))
                        .body("jobId", equalTo(jobId))
                        .body("metadata.source", equalTo("test"))
                        .body("metadata.tags[0]", equalTo("a"))
                        .body("createdAt", notNullValue())
                        .body("processedAt", nullValue())
                        .body("chunkCount", nullValue());
                assertThat(sourceBytes(documentId, user)).isEqualTo(content);
                assertThat(sourceBytes(documentId, "someone-else")).isNull();

                await().atMost(WAIT).until(() -> commands.commands().stream()
                        .anyMatch(command -> command.jobId().toString().equals(jobId)));
                JobCommand command = commands.commands().stream().filter(c -> c.jobId().toString().equals(jobId))
                        .findFirst().orElseThrow();
                assertThat(command.jobType()).isEqualTo(VectorizeJobType.NAME);
                assertThat(command.userId()).isEqualTo(user);
                JsonNode payload = command.payload();
                assertThat(payload.size()).isEqualTo(3);
                assertThat(payload.get("documentId").asText()).isEqualTo(documentId.toString());
                assertThat(payload.get("chunkSize").asInt()).isEqualTo(500);
                assertThat(payload.get("chunkOverlap").asInt()).isEqualTo(50);
            }
            // the bytes travel through the database only
            for (var record : commands.raw()) {
                assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(MARKER);
            }
        }
    }

    @Test
    void withoutOptionsTheCommandCarriesOnlyTheDocumentId() {
        String user = JobRows.uniqueUser("docs");
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL)) {
            String jobId = upload(user, "plain.txt", "Just a sentence.").statusCode(202).extract().path("jobId");
            await().atMost(WAIT).until(() -> commands.commands().stream()
                    .anyMatch(command -> command.jobId().toString().equals(jobId)));
            JsonNode payload = commands.commands().stream().filter(c -> c.jobId().toString().equals(jobId))
                    .findFirst().orElseThrow().payload();
            assertThat(payload.size()).isEqualTo(1);
            assertThat(payload.has("documentId")).isTrue();
        }
    }

    @Test
    void emptyInvisibleAndMissingFilesAre400NamingFile() {
        String user = JobRows.uniqueUser("docs");
        upload(user, "empty.txt", new byte[0], "text/plain", Map.of()).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("file"));
        upload(user, "blank.txt", " \n\t \r\n".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of())
                .statusCode(400).body("errors[0].field", equalTo("file"))
                .body("detail", containsString("no visible text"));
        DocumentApi.as(user).multiPart("metadata", "{}").when().post("/api/documents").then()
                .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("file"));
        assertThat(JobRows.count("SELECT count(*) FROM api.documents WHERE user_id = ?", user)).isZero();
        assertThat(JobRows.count("SELECT count(*) FROM api.jobs WHERE user_id = ?", user)).isZero();
    }

    @Test
    void uploadsAtTheSameTimeAreEachAcceptedStoredAndQueued() throws Exception {
        String user = "parallel-" + UUID.randomUUID();
        int uploads = 6;
        // near the test limit of 1 MiB each: the bodies are read and stored while the others arrive
        byte[] content = "The same sentence again, ".repeat(36_000).getBytes(StandardCharsets.UTF_8);
        ExecutorService clients = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                String name = "parallel-" + i + ".txt";
                answers.add(clients.submit(() -> upload(user, name, content, "text/plain", Map.of())
                        .statusCode(202).body("fileName", equalTo(name)).extract().<String>path("documentId")));
            }
            Set<UUID> documents = new HashSet<>();
            for (Future<String> answer : answers) {
                documents.add(UUID.fromString(answer.get(60, TimeUnit.SECONDS)));
            }
            assertThat(documents).hasSize(uploads);
            for (UUID document : documents) {
                assertThat(sourceBytes(document, user)).isEqualTo(content);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void binaryGarbageNamedTxtIs415() {
        String user = JobRows.uniqueUser("docs");
        byte[] garbage = new byte[2048];
        new Random(1).nextBytes(garbage);
        upload(user, "innocent.txt", garbage, "text/plain", Map.of()).statusCode(415).contentType(PROBLEM)
                .body("detail", containsString("unsupported content"))
                .body("detail", containsString("text, Markdown, HTML or PDF"));
        assertThat(JobRows.count("SELECT count(*) FROM api.documents WHERE user_id = ?", user)).isZero();
    }

    /** The test profile's limit is 1 MiB (%test.jobhub.documents.max-file-size=1M). */
    @Test
    void aFileOverTheLimitIs413() {
        String user = JobRows.uniqueUser("docs");
        byte[] limit = new byte[1024 * 1024];
        Arrays.fill(limit, (byte) 'a');
        upload(user, "exactly.txt", limit, "text/plain", Map.of()).statusCode(202);
        byte[] over = Arrays.copyOf(limit, limit.length + 1);
        over[over.length - 1] = 'b';
        // within the multipart envelope allowance: refused once parsed, naming the file
        upload(user, "over.txt", over, "text/plain", Map.of()).statusCode(413).contentType(PROBLEM)
                .body("detail", equalTo("file larger than 1 MiB"))
                .body("errors[0].field", equalTo("file"));
        // far over: refused from Content-Length before the body is read
        byte[] huge = new byte[1024 * 1024 + 200 * 1024];
        Arrays.fill(huge, (byte) 'c');
        DocumentApi.uploadRaw(user, "huge.txt", huge).statusCode(413).contentType(PROBLEM)
                .body("detail", containsString("request body larger than"));
        // the same way, a file within the limit passes
        DocumentApi.uploadRaw(user, "raw.txt", "Raw upload.".getBytes(StandardCharsets.UTF_8)).statusCode(202);
        assertThat(JobRows.count("SELECT count(*) FROM api.documents WHERE user_id = ?", user)).isEqualTo(2);
        // the 1 MiB limit of JSON bodies still holds elsewhere
        given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON)
                .body("{\"query\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}")
                .when().post("/api/documents/search").then().statusCode(413);
    }

    @Test
    void theFileNameIsSanitised() {
        String user = JobRows.uniqueUser("docs");
        byte[] text = "Some text.".getBytes(StandardCharsets.UTF_8);
        UUID id = UUID.fromString(DocumentApi.uploadRaw(user, "../../etc/\u202Eevil\u0007\tname\u2028.txt", text)
                .statusCode(202).body("fileName", equalTo("evilname.txt")).extract().path("documentId"));
        DocumentApi.get(TestTokens.user(user), id).statusCode(200).body("filename", equalTo("evilname.txt"));
        DocumentApi.uploadRaw(user, "r\u00e9sum\u00e9 \u65e5\u672c.txt", text).statusCode(202)
                .body("fileName", equalTo("r\u00e9sum\u00e9 \u65e5\u672c.txt"));
        upload(user, "C:\\Users\\eve\\", "Some text.").statusCode(202).body("fileName", equalTo("document"));
    }

    @Test
    void badMetadataAndChunkOptionsAre400NamingTheField() {
        String user = JobRows.uniqueUser("docs");
        byte[] text = "Some text.".getBytes(StandardCharsets.UTF_8);
        upload(user, "a.txt", text, "text/plain", Map.of("metadata", "[1,2]")).statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("metadata"));
        upload(user, "a.txt", text, "text/plain", Map.of("metadata", "{not json")).statusCode(400)
                .body("errors[0].field", equalTo("metadata"));
        upload(user, "a.txt", text, "text/plain", Map.of("metadata",
                "{\"x\":\"" + "y".repeat(16 * 1024) + "\"}")).statusCode(400)
                .body("errors[0].field", equalTo("metadata"));
        upload(user, "a.txt", text, "text/plain", Map.of("chunkSize", "200", "chunkOverlap", "200")).statusCode(400)
                .body("errors[0].field", equalTo("chunkOverlap"));
        upload(user, "a.txt", text, "text/plain", Map.of("chunkSize", "50")).statusCode(400)
                .body("errors[0].field", equalTo("chunkSize"));
        upload(user, "a.txt", text, "text/plain", Map.of("chunkSize", "big")).statusCode(400)
                .body("errors[0].field", equalTo("chunkSize"));
        // PostgreSQL stores no NUL, in a value or in a key
        String nul = "\\u0000";
        for (String metadata : new String[] {"{\"a\":\"x" + nul + "y\"}", "{\"" + nul + "\":1}"}) {
            upload(user, "a.txt", text, "text/plain", Map.of("metadata", metadata)).statusCode(400)
                    .contentType(PROBLEM).body("errors[0].field", equalTo("metadata"));
        }
        assertThat(JobRows.count("SELECT count(*) FROM api.documents WHERE user_id = ?", user)).isZero();
    }

    @Test
    void aMalformedMultipartBodyIs400() {
        String user = JobRows.uniqueUser("docs");
        String valid = "--real\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nSome text.\r\n--real--\r\n";
        Map<String, byte[]> bodies = Map.of(
                "wrong boundary", valid.getBytes(StandardCharsets.UTF_8),
                "truncated", valid.substring(0, valid.length() / 2).replace("real", "b")
                        .getBytes(StandardCharsets.UTF_8),
                "random bytes", new java.util.Random(7).ints(4096, 0, 256).collect(java.io.ByteArrayOutputStream::new,
                        (out, b) -> out.write(b), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
        bodies.forEach((what, body) -> {
            int status = as(user).contentType("multipart/form-data; boundary=b").body(body)
                    .when().post("/api/documents").then().extract().statusCode();
            assertThat(status).as(what).isEqualTo(400);
        });
        assertThat(JobRows.count("SELECT count(*) FROM api.documents WHERE user_id = ?", user)).isZero();
    }

    @Test
    void documentVectorizeCannotBeSubmittedThroughTheJobEndpoints() {
        given().auth().oauth2(TestTokens.user("mallory")).contentType(ContentType.JSON)
                .body("{\"type\":\"document.vectorize\",\"payload\":{\"documentId\":\"" + UUID.randomUUID() + "\"}}")
                .when().post("/api/jobs").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", containsString("POST /api/documents"));
    }

    @Test
    void listingIsTheCallersPaginatedNewestFirstAndFiltersByStatus() {
        String user = JobRows.uniqueUser("docs");
        UUID first = DocumentApi.uploadText(user, "1.txt", "First.");
        UUID second = DocumentApi.uploadText(user, "2.txt", "Second.");
        UUID third = DocumentApi.uploadText(user, "3.txt", "Third.");
        DocumentApi.uploadText(JobRows.uniqueUser("other"), "x.txt", "Someone else's.");
        DocumentApi.list(TestTokens.user(user), "?limit=2").statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains(third.toString(), second.toString()))
                .body("pagination.total", equalTo(3))
                .body("pagination.pages", equalTo(2));
        DocumentApi.list(TestTokens.user(user), "?limit=2&page=2").statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains(first.toString()));
        DocumentApi.list(TestTokens.user(user), "?status=queued").statusCode(200).body("pagination.total", equalTo(3));
        DocumentApi.list(TestTokens.user(user), "?status=completed").statusCode(200)
                .body("pagination.total", equalTo(0));
        DocumentApi.list(TestTokens.user(user), "?status=done").statusCode(400).body("errors[0].field", equalTo("status"));
        DocumentApi.list(TestTokens.user(user), "?limit=101").statusCode(400).body("errors[0].field", equalTo("limit"));
        DocumentApi.list(TestTokens.admin("root"), "?limit=100").statusCode(200)
                .body("data.userId", hasItem(user)).body("data.userId", hasItem(not(user)));
    }

    @Test
    void anotherUsersDocumentIs404AndAdminsSeeIt() {
        String alice = JobRows.uniqueUser("alice");
        UUID id = DocumentApi.uploadText(alice, "private.txt", "Alice's notes.");
        String bob = TestTokens.user(JobRows.uniqueUser("bob"));
        DocumentApi.get(bob, id).statusCode(404).contentType(PROBLEM);
        DocumentApi.status(bob, id).statusCode(404);
        DocumentApi.delete(bob, id).statusCode(404);
        DocumentApi.get(bob, UUID.randomUUID()).statusCode(404);
        DocumentApi.get(bob, null).statusCode(404);
        DocumentApi.get(TestTokens.admin("root"), id).statusCode(200).body("userId", equalTo(alice));
        DocumentApi.status(TestTokens.user(alice), id).statusCode(200).body("status", equalTo("queued"));
        given().when().get("/api/documents/" + id).then().statusCode(401);
        given().multiPart("file", "a.txt", "x".getBytes(StandardCharsets.UTF_8)).when().post("/api/documents")
                .then().statusCode(401);
    }
}
