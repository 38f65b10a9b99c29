package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.control.JobControls;
import dev.jobhub.worker.job.JobCommands;
import dev.jobhub.worker.job.WorkerTesting;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Documents that cannot be vectorized, through the broker: each fails its job for good with its code (no retry,
 * although attempt 1 of 3), stores nothing, and the worker goes on to the next job.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class VectorizeFailureTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobControls controls;

    @BeforeEach
    void apiSchema() {
        DocumentFixtures.ensureApiSchema(dataSource);
    }

    @Test
    void aWhitespaceTextFileHasNoText() {
        UUID document = upload("empty.txt", "text/plain", " \n\t  \r\n ".getBytes(StandardCharsets.UTF_8));

        JobError error = failsFor(document, DocumentFixtures.OWNER, "no_text");

        assertThat(error.message()).isEqualTo("the document has no extractable text");
    }

    @Test
    void aCorruptPdfIsUnreadable() throws Exception {
        byte[] pdf = TestDocuments.pdf("Some text that will be cut off. ".repeat(20));
        UUID document = upload("cut.pdf", "application/pdf", Arrays.copyOf(pdf, pdf.length / 3));

        assertThat(failsFor(document, DocumentFixtures.OWNER, "unreadable_document").message())
                .isEqualTo("the file is not a readable PDF (corrupt or truncated)");
    }

    @Test
    void aPdfWithoutTextLayerIsUnreadable() throws Exception {
        UUID document = upload("scan.pdf", "application/pdf", PdfTextTest.pdf());

        assertThat(failsFor(document, DocumentFixtures.OWNER, "unreadable_document").message())
                .contains("no text layer");
    }

    @Test
    void binaryGarbageLabelledAsTextIsUnreadable() {
        byte[] garbage = new byte[20_000];
        new Random(5).nextBytes(garbage);
        UUID document = upload("garbage.txt", "text/plain", garbage);

        assertThat(failsFor(document, DocumentFixtures.OWNER, "unreadable_document").message())
                .startsWith("the content is not readable text");
    }

    @Test
    void aDeletedDocumentIsNotFound() {
        UUID document = upload("gone.txt", "text/plain", "Short lived.".getBytes(StandardCharsets.UTF_8));
        DocumentFixtures.delete(dataSource, document);

        assertThat(failsFor(document, DocumentFixtures.OWNER, "document_not_found").message())
                .isEqualTo("document " + document + " was deleted or is not yours");
    }

    @Test
    void anotherUsersDocumentIsNotFound() {
        UUID document = upload("private.txt", "text/plain", "Alice's notes.".getBytes(StandardCharsets.UTF_8));

        failsFor(document, DocumentFixtures.OTHER_USER, "document_not_found");
    }

    @Test
    void aCancelledDocumentLeavesNoVectors() {
        WorkerTesting.awaitControlConsumer(controls);
        // long enough to take seconds on the real model: ~250 chunks, ~30 batches
        UUID document = upload("long.txt", "text/plain",
                TestDocuments.sentences(13, 200_000).getBytes(StandardCharsets.UTF_8));
        JobCommand command = DocumentFixtures.command(document, null, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            await().atMost(WorkerTesting.TIMEOUT).until(() -> events.eventsOf(command.jobId()).stream()
                    .anyMatch(event -> event.type() == JobEventType.PROGRESS
                            && event.progress().message().startsWith("Embedded")));
            assertThat(DocumentFixtures.sets(dataSource, document)).singleElement()
                    .extracting(DocumentFixtures.VectorSetRow::complete).isEqualTo(false);

            TestKafka.produce(Topics.CONTROL, command.jobId().toString(), JobControl.of(JobControl.Action.CANCEL,
                    command.jobId(), command.userId(), command.attempt(), "the user deleted it"));
            List<JobEvent> jobEvents = WorkerTesting.awaitOutcome(events, command.jobId());

            assertThat(jobEvents.get(jobEvents.size() - 1).type()).isEqualTo(JobEventType.CANCELLED);
            JobEvent lastProgress = jobEvents.stream().filter(event -> event.type() == JobEventType.PROGRESS)
                    .reduce((first, second) -> second).orElseThrow();
            assertThat(lastProgress.progress().current()).isLessThan(lastProgress.progress().total());
        }
        // the abandoned set is deleted (and was never visible to searches)
        await().atMost(WorkerTesting.TIMEOUT).until(() -> DocumentFixtures.sets(dataSource, document).isEmpty());
        assertThat(DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, "all-minilm-l6-v2-q",
                document)).isEmpty();
        workerGoesOn();
    }

    private UUID upload(String filename, String mimeType, byte[] content) {
        return DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, filename, mimeType, content);
    }

    /** Runs the document's job as {@code userId}; checks it failed for good with {@code code} and stored nothing. */
    private JobError failsFor(UUID document, String userId, String code) {
        JobCommand command = DocumentFixtures.command(document, userId, null, null);
        List<JobEvent> events = VectorizeJobKafkaTest.run(command);

        assertThat(events).extracting(JobEvent::type).containsExactly(JobEventType.STARTED, JobEventType.FAILED);
        JobError error = events.get(1).error();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.isRetryable()).isFalse();
        assertThat(DocumentFixtures.sets(dataSource, document)).isEmpty();
        workerGoesOn();
        return error;
    }

    private static void workerGoesOn() {
        JobCommand sleep = JobCommands.sleep(1, 10, null);
        assertThat(VectorizeJobKafkaTest.run(sleep)).last().extracting(JobEvent::type)
                .isEqualTo(JobEventType.COMPLETED);
    }
}
