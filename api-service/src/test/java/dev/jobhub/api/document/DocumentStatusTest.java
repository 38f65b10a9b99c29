package dev.jobhub.api.document;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.jobhub.api.JobApi;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.VectorizeResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A document's status follows its job, whichever way the job goes (played by {@link PlayedWorker}), and its final
 * outcome is announced on notifications.requests; a deleted document's job is cancelled without an announcement.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentStatusTest {

    private static final Duration WAIT = PlayedWorker.WAIT;

    private record Uploaded(UUID documentId, UUID jobId) {
    }

    private static Uploaded upload(String user, String name) {
        var accepted = DocumentApi.upload(user, name, "Text to vectorize. It has two sentences.").statusCode(202)
                .extract();
        return new Uploaded(UUID.fromString(accepted.path("documentId")), UUID.fromString(accepted.path("jobId")));
    }

    private static List<DocumentProcessed> announcements(TopicRecording notifications, UUID documentId) {
        return notifications.raw().stream()
                .map(record -> JobJsonCodec.fromBytes(record.value(), DocumentProcessed.class))
                .filter(message -> documentId.equals(message.documentId())).toList();
    }

    private static long outboxAnnouncements(UUID documentId) {
        return JobRows.count("SELECT count(*) FROM api.outbox WHERE topic = ? AND convert_from(payload, 'UTF8') "
                + "LIKE ?", Topics.NOTIFICATION_REQUESTS, "%" + documentId + "%");
    }

    private static void awaitStatus(String user, UUID documentId, String status) {
        await().atMost(WAIT).untilAsserted(() -> DocumentApi.status(TestTokens.user(user), documentId)
                .statusCode(200).body("status", equalTo(status)));
    }

    @Test
    void processingWithProgressThenCompletedWithCountsAndOneAnnouncement() {
        String user = JobRows.uniqueUser("docs");
        try (PlayedWorker worker = new PlayedWorker();
                TopicRecording notifications = TestKafka.record(Topics.NOTIFICATION_REQUESTS)) {
            Uploaded doc = upload(user, "report.txt");
            JobCommand command = worker.awaitCommand(doc.jobId(), 1).command();
            worker.start(command);
            // alive: without heartbeats the test profile's stall timeout (3 s) would re-dispatch the job
            worker.heartbeat(command, Duration.ofMillis(500));
            worker.progress(command, 3, 10);
            await().atMost(WAIT).untilAsserted(() -> DocumentApi.status(TestTokens.user(user), doc.documentId())
                    .statusCode(200)
                    .body("status", equalTo("processing"))
                    .body("startedAt", notNullValue())
                    .body("progress.current", equalTo(3))
                    .body("progress.total", equalTo(10))
                    .body("processedAt", nullValue()));
            DocumentApi.list(TestTokens.user(user), "?status=processing").statusCode(200)
                    .body("data[0].progress.current", equalTo(3));

            worker.complete(command, JobJsonCodec.toTree(new VectorizeResult(10, 10, 384, "all-minilm-l6-v2-q", 42)));
            awaitStatus(user, doc.documentId(), "completed");
            DocumentApi.get(TestTokens.user(user), doc.documentId()).statusCode(200)
                    .body("chunkCount", equalTo(10))
                    .body("vectorCount", equalTo(10))
                    .body("errorMessage", nullValue())
                    .body("processedAt", notNullValue())
                    .body("progress", nullValue());

            await().atMost(WAIT).until(() -> !announcements(notifications, doc.documentId()).isEmpty());
            DocumentProcessed processed = announcements(notifications, doc.documentId()).get(0);
            assertThat(processed.type()).isEqualTo(DocumentProcessed.TYPE);
            assertThat(processed.userId()).isEqualTo(user);
            assertThat(processed.jobId()).isEqualTo(doc.jobId());
            assertThat(processed.status()).isEqualTo("completed");
            assertThat(processed.filename()).isEqualTo("report.txt");
            assertThat(processed.chunkCount()).isEqualTo(10);
            assertThat(processed.vectorCount()).isEqualTo(10);
            assertThat(processed.error()).isNull();
            assertThat(processed.processedAt()).isNotNull();
            assertThat(notifications.raw().stream().filter(r -> r.key().equals(user)).count()).isEqualTo(1);
        }
    }

    @Test
    void aFailedJobFailsTheDocumentWithItsError() {
        String user = JobRows.uniqueUser("docs");
        try (PlayedWorker worker = new PlayedWorker();
                TopicRecording notifications = TestKafka.record(Topics.NOTIFICATION_REQUESTS)) {
            Uploaded doc = upload(user, "scan.txt");
            JobCommand command = worker.awaitCommand(doc.jobId(), 1).command();
            worker.start(command);
            worker.fail(command, JobError.permanent("no_text", "the PDF has no text layer"));
            awaitStatus(user, doc.documentId(), "failed");
            DocumentApi.get(TestTokens.user(user), doc.documentId()).statusCode(200)
                    .body("errorMessage", equalTo("the PDF has no text layer"))
                    .body("chunkCount", nullValue());
            await().atMost(WAIT).until(() -> !announcements(notifications, doc.documentId()).isEmpty());
            DocumentProcessed processed = announcements(notifications, doc.documentId()).get(0);
            assertThat(processed.status()).isEqualTo("failed");
            assertThat(processed.error()).isEqualTo("the PDF has no text layer");
        }
    }

    @Test
    void aFailedDocumentRetriedThroughItsJobIsQueuedAgainAndCompletes() {
        String user = JobRows.uniqueUser("docs");
        try (PlayedWorker worker = new PlayedWorker();
                TopicRecording notifications = TestKafka.record(Topics.NOTIFICATION_REQUESTS)) {
            Uploaded doc = upload(user, "flaky.txt");
            JobCommand first = worker.awaitCommand(doc.jobId(), 1).command();
            worker.start(first);
            worker.fail(first, JobError.permanent("embedding_failed", "embedding endpoint answered HTTP 401"));
            awaitStatus(user, doc.documentId(), "failed");

            given().auth().oauth2(TestTokens.user(user)).when().post("/api/jobs/" + doc.jobId() + "/retry").then()
                    .statusCode(202);
            await().atMost(WAIT).untilAsserted(() -> DocumentApi.status(TestTokens.user(user), doc.documentId())
                    .statusCode(200)
                    .body("status", equalTo("queued"))
                    .body("errorMessage", nullValue())
                    .body("processedAt", nullValue()));

            JobCommand again = worker.awaitCommand(doc.jobId(), 2).command();
            worker.start(again);
            worker.complete(again, JobJsonCodec.toTree(new VectorizeResult(2, 2, 384, "all-minilm-l6-v2-q", 7)));
            awaitStatus(user, doc.documentId(), "completed");
            await().atMost(WAIT).until(() -> announcements(notifications, doc.documentId()).size() == 2);
            assertThat(announcements(notifications, doc.documentId())).extracting(DocumentProcessed::status)
                    .containsExactly("failed", "completed");
        }
    }

    @Test
    void aCancelledJobFailsTheDocumentAsCancelled() {
        String user = JobRows.uniqueUser("docs");
        Uploaded doc = upload(user, "cancelled.txt");
        JobApi.get(TestTokens.user(user), doc.jobId()).statusCode(200);
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.user(user)).when()
                .delete("/api/jobs/" + doc.jobId()).then().statusCode(200);
        awaitStatus(user, doc.documentId(), "failed");
        DocumentApi.get(TestTokens.user(user), doc.documentId()).statusCode(200)
                .body("errorMessage", startsWith("cancelled: cancelled by user " + user));
        assertThat(outboxAnnouncements(doc.documentId())).isEqualTo(1);
    }

    @Test
    void deletingADocumentCancelsItsQueuedJobWithoutAnAnnouncement() {
        String user = JobRows.uniqueUser("docs");
        try (PlayedWorker worker = new PlayedWorker()) {
            Uploaded doc = upload(user, "deleted.txt");
            worker.awaitCommand(doc.jobId(), 1);
            DocumentApi.delete(TestTokens.user(user), doc.documentId()).statusCode(204);

            JobApi.get(TestTokens.user(user), doc.jobId()).statusCode(200)
                    .body("state", equalTo(JobState.CANCELLED.wireName()));
            worker.awaitControl(doc.jobId(), dev.jobhub.model.JobControl.Action.CANCEL);
            DocumentApi.get(TestTokens.user(user), doc.documentId()).statusCode(404);
            DocumentApi.delete(TestTokens.user(user), doc.documentId()).statusCode(404);
            assertThat(JobRows.count("SELECT count(*) FROM api.document_files WHERE document_id = ?",
                    doc.documentId())).isZero();
            // the cancellation's transaction found no document: nothing was announced
            assertThat(outboxAnnouncements(doc.documentId())).isZero();
        }
    }

    @Test
    void deletingACompletedDocumentLeavesItsJobAlone() {
        String user = JobRows.uniqueUser("docs");
        try (PlayedWorker worker = new PlayedWorker()) {
            Uploaded doc = upload(user, "done.txt");
            JobCommand command = worker.awaitCommand(doc.jobId(), 1).command();
            worker.start(command);
            worker.complete(command, JobJsonCodec.toTree(new VectorizeResult(1, 1, 384, "m", 1)));
            awaitStatus(user, doc.documentId(), "completed");
            DocumentApi.delete(TestTokens.admin("root"), doc.documentId()).statusCode(204);
            JobApi.get(TestTokens.user(user), doc.jobId()).statusCode(200)
                    .body("state", equalTo(JobState.COMPLETED.wireName()));
            DocumentApi.get(TestTokens.user(user), doc.documentId()).statusCode(404);
        }
    }
}
