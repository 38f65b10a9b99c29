package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.someUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.VectorizeJobType;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** document.processed on notifications.requests, as api-service's trigger writes it, becomes document_processed. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentProcessedNotifierTest {

    @Test
    void aCompletedDocumentIsToldOnceWithItsNameAndCounts() {
        String alice = someUser("alice");
        UUID documentId = UUID.randomUUID();
        String message = message(alice, documentId, "report.pdf", "completed", null, 14);

        send(alice, message);
        send(alice, message); // redelivered: still one notification

        JsonPath inbox = NotificationResourceTest.awaitTotal(alice, 1);
        assertThat(inbox.getString("data[0].type")).isEqualTo("document_processed");
        assertThat(inbox.getString("data[0].title")).isEqualTo("Document processed: report.pdf");
        assertThat(inbox.getString("data[0].message")).isEqualTo("14 chunks embedded; the document is searchable now.");
        assertThat(inbox.getString("data[0].data.documentId")).isEqualTo(documentId.toString());
        assertThat(inbox.getString("data[0].data.filename")).isEqualTo("report.pdf");
        assertThat(inbox.getString("data[0].data.status")).isEqualTo("completed");
        assertThat(inbox.getString("data[0].data.processedAt")).isEqualTo("2026-11-23T10:15:30.123456Z");
        assertThat(inbox.getInt("data[0].data.chunkCount")).isEqualTo(14);
        assertThat(inbox.getString("data[0].jobType")).isEqualTo(VectorizeJobType.NAME);
    }

    @Test
    void aFailedDocumentCarriesTheReasonAndAMalformedRecordDoesNotStopTheOnesAfterIt() {
        String bob = someUser("bob");
        TestKafka.produceRaw(Topics.NOTIFICATION_REQUESTS, bob, "not json".getBytes(StandardCharsets.UTF_8));
        send(bob, "{\"type\": \"something.else\", \"id\": \"" + UUID.randomUUID() + "\", \"userId\": \"" + bob + "\"}");
        send(bob, message(bob, UUID.randomUUID(), "scan.pdf", "failed",
                "the PDF has no text layer (a scanned document?)", null));

        JsonPath inbox = NotificationResourceTest.awaitTotal(bob, 1);
        assertThat(inbox.getString("data[0].title")).isEqualTo("Document failed: scan.pdf");
        assertThat(inbox.getString("data[0].message")).isEqualTo("the PDF has no text layer (a scanned document?)");
        assertThat(inbox.getString("data[0].data.error")).isEqualTo("the PDF has no text layer (a scanned document?)");
    }

    @Test
    void theDocumentJobsOwnEventsMakeNoSecondNotification() {
        String carol = someUser("carol");
        JobCommand command = JobCommand.run(UUID.randomUUID(), carol, VectorizeJobType.NAME, Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode().put("documentId", UUID.randomUUID().toString()), 1, 1, 3,
                null);
        TestKafka.produce(Topics.EVENTS, command.jobId().toString(), JobEvent.completed(command, 5,
                JobJsonCodec.mapper().createObjectNode().put("chunks", 3), "worker-test"));
        // the document.processed that follows it is the one notification
        send(carol, message(carol, UUID.randomUUID(), "notes.md", "completed", null, 3));

        JsonPath inbox = NotificationResourceTest.awaitTotal(carol, 1);
        assertThat(inbox.getString("data[0].type")).isEqualTo("document_processed");
    }

    private static void send(String user, String json) {
        TestKafka.produceRaw(Topics.NOTIFICATION_REQUESTS, user, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON exactly as api-service's V009 trigger builds it (jsonb_build_object: keys sorted by length). */
    private static String message(String user, UUID documentId, String filename, String status, String error,
            Integer chunks) {
        return """
                {"id": "%s", "type": "document.processed", "error": %s, "jobId": "%s", "status": "%s", \
                "userId": "%s", "version": 1, "filename": "%s", "chunkCount": %s, "documentId": "%s", \
                "occurredAt": "2026-11-23T10:15:30.123456Z", "processedAt": "2026-11-23T10:15:30.123456Z", \
                "vectorCount": %s}""".formatted(UUID.randomUUID(), error == null ? "null" : "\"" + error + "\"",
                UUID.randomUUID(), status, user, filename, chunks, documentId, chunks);
    }
}
