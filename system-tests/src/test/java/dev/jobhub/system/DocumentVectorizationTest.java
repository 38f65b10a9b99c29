package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.WsTestClient;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Documents through the whole platform: uploaded over REST, read by a worker from the database (never through
 * Kafka), extracted, chunked and embedded with the real model, progress on the WebSocket, the document_processed
 * notification, then a search by meaning that finds the right document and only the caller's.
 */
class DocumentVectorizationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String[] PHOTOSYNTHESIS = {
        "Photosynthesis converts light energy into chemical energy inside chloroplasts.",
        "Chlorophyll absorbs photons, and carbon dioxide and water become glucose and oxygen.",
        "The Calvin cycle fixes carbon using ATP and NADPH made by the light-dependent reactions."};
    private static final String ROMAN_ROADS = """
            # Roman roads

            The Roman Empire built more than 80,000 kilometres of paved highways.
            Legions marched along the Via Appia, and milestones recorded the distance to the capital.
            Engineers layered gravel, stones and mortar so the routes drained rainwater.
            """;
    private static final String KUBERNETES = """
            The Kubernetes scheduler assigns pods to nodes. It filters nodes that lack CPU or memory, scores the rest
            by affinity and spreading rules, and binds the pod to the best node. Taints repel pods that lack a
            matching toleration.
            """;

    private static RunningPlatform platform;

    @BeforeAll
    static void platform() {
        platform = RunningPlatform.get();
    }

    @Test
    void anUploadedPdfIsEmbeddedWithLiveProgressNotifiedAndFoundByMeaning() {
        String user = "alice-" + UUID.randomUUID();
        String token = TestTokens.user(user);
        PlatformClient alice = new PlatformClient(platform, token);

        JsonPath pdf;
        try (WsTestClient socket = WsTestClient.connect(platform.webSocket(), token, false)) {
            pdf = upload(token, "biology.pdf", pdf(PHOTOSYNTHESIS), "application/pdf");
            UUID jobId = UUID.fromString(pdf.getString("jobId"));
            List<JsonNode> events = EndToEndTest.awaitEventsUntil(socket, jobId, "job.completed");
            assertThat(events).extracting(event -> event.get("type").asText())
                    .contains("job.started", "job.progress");
        }
        String pdfId = pdf.getString("documentId");
        assertThat(pdf.getString("status")).isEqualTo("queued_for_processing");
        String roads = upload(token, "roads.md", ROMAN_ROADS.getBytes(StandardCharsets.UTF_8), "text/markdown")
                .getString("documentId");
        String kubernetes = upload(token, "scheduler.txt", KUBERNETES.getBytes(StandardCharsets.UTF_8), "text/plain")
                .getString("documentId");

        JsonPath status = awaitProcessed(alice, pdfId);
        assertThat(status.getString("status")).isEqualTo("completed");
        assertThat(status.getString("mimeType")).isEqualTo("application/pdf");
        assertThat(status.getInt("chunkCount")).isPositive().isEqualTo(status.getInt("vectorCount"));
        awaitProcessed(alice, roads);
        awaitProcessed(alice, kubernetes);

        UUID pdfJob = UUID.fromString(status.getString("jobId"));
        await().atMost(WAIT).until(() -> alice.notificationsOf(pdfJob).size() == 1);
        Map<String, Object> notification = alice.notificationsOf(pdfJob).get(0);
        assertThat(notification.get("type")).isEqualTo("document_processed");
        assertThat(notification.get("title")).isEqualTo("Document processed: biology.pdf");

        // a paraphrase sharing no keyword with the PDF
        JsonPath found = search(alice, "{\"query\": \"how do green leaves turn sunshine into sugar\", \"k\": 3}");
        assertThat(found.getString("results[0].documentId")).isEqualTo(pdfId);
        assertThat(found.getString("results[0].filename")).isEqualTo("biology.pdf");
        assertThat(found.getFloat("results[0].score")).isGreaterThan(found.getFloat("results[1].score"));
        assertThat(search(alice, "{\"query\": \"ancient paved highways built by legions\"}")
                .getString("results[0].documentId")).isEqualTo(roads);

        // bob sees none of it
        PlatformClient bob = new PlatformClient(platform, TestTokens.user("bob-" + UUID.randomUUID()));
        assertThat(search(bob, "{\"query\": \"how do green leaves turn sunshine into sugar\"}")
                .getList("results")).isEmpty();
        bob.api("GET", "/api/documents/" + pdfId, null).statusCode(404);

        // deleted: its vectors go with it
        alice.api("DELETE", "/api/documents/" + pdfId, null).statusCode(204);
        alice.api("GET", "/api/documents/" + pdfId + "/status", null).statusCode(404);
        assertThat(search(alice, "{\"query\": \"how do green leaves turn sunshine into sugar\", \"k\": 50}")
                .getList("results.documentId")).doesNotContain(pdfId).contains(roads, kubernetes);
    }

    @Test
    void aPdfWithoutTextFailsWithAClearReasonAndIsNotified() {
        String token = TestTokens.user("carol-" + UUID.randomUUID());
        PlatformClient carol = new PlatformClient(platform, token);

        String id = upload(token, "scan.pdf", pdf(), "application/pdf").getString("documentId");

        JsonPath status = awaitProcessed(carol, id);
        assertThat(status.getString("status")).isEqualTo("failed");
        assertThat(status.getString("errorMessage")).containsIgnoringCase("text");
        UUID jobId = UUID.fromString(status.getString("jobId"));
        await().atMost(WAIT).until(() -> carol.notificationsOf(jobId).size() == 1);
        assertThat(carol.notificationsOf(jobId).get(0).get("title")).isEqualTo("Document failed: scan.pdf");
    }

    private static JsonPath upload(String token, String name, byte[] content, String type) {
        return given().baseUri(platform.apiUrl()).auth().oauth2(token)
                .multiPart("file", name, content, type)
                .when().post("/api/documents")
                .then().statusCode(202).body("fileName", equalTo(name)).extract().jsonPath();
    }

    private static JsonPath awaitProcessed(PlatformClient client, String documentId) {
        await().atMost(WAIT).until(() -> List.of("completed", "failed").contains(
                client.api("GET", "/api/documents/" + documentId + "/status", null).statusCode(200)
                        .extract().path("status")));
        return client.api("GET", "/api/documents/" + documentId + "/status", null).extract().jsonPath();
    }

    private static JsonPath search(PlatformClient client, String body) {
        return client.api("POST", "/api/documents/search", body).statusCode(200).extract().jsonPath();
    }

    /** A PDF with one line of text per sentence; no sentences: a page without a text layer. */
    private static byte[] pdf(String... sentences) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            if (sentences.length > 0) {
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                    content.newLineAtOffset(50, 700);
                    for (String sentence : sentences) {
                        content.showText(sentence);
                        content.newLineAtOffset(0, -16);
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
