package dev.jobhub.notify.inapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.model.jobtype.VectorizeJobType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NewNotificationTest {

    private final JobCommand command = JobCommand.run(UUID.randomUUID(), "alice", "sleep", Priority.NORMAL,
            JobJsonCodec.mapper().createObjectNode().put("steps", 3), 1, 2, 3, null);

    @Test
    void aCompletedJobIsAnnouncedWithItsResult() {
        JobEvent event = JobEvent.completed(command, 5,
                JobJsonCodec.mapper().createObjectNode().put("slept", 3), "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.type().wireName()).isEqualTo("job_completed");
        assertThat(notification.title()).isEqualTo("Job sleep completed");
        assertThat(notification.message()).isEqualTo("The job finished successfully.");
        assertThat(notification.userId()).isEqualTo("alice");
        assertThat(notification.jobId()).isEqualTo(command.jobId());
        assertThat(notification.jobType()).isEqualTo("sleep");
        assertThat(notification.eventId()).isEqualTo(event.id());
        assertThat(notification.data().get("attempt").asInt()).isEqualTo(2);
        assertThat(notification.data().get("jobId").asText()).isEqualTo(command.jobId().toString());
        assertThat(notification.data().get("jobType").asText()).isEqualTo("sleep");
        assertThat(notification.data().get("result").get("slept").asInt()).isEqualTo(3);
        assertThat(notification.data().has("error")).isFalse();
    }

    @Test
    void aFailedJobIsAnnouncedWithTheErrorMessageAsBody() {
        JobEvent event = JobEvent.failed(command, 5, JobError.of("handler_error", "step 2 exploded"), "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.type().wireName()).isEqualTo("job_failed");
        assertThat(notification.title()).isEqualTo("Job sleep failed");
        assertThat(notification.message()).isEqualTo("step 2 exploded");
        assertThat(notification.data().get("error").get("code").asText()).isEqualTo("handler_error");
        assertThat(notification.data().get("error").get("message").asText()).isEqualTo("step 2 exploded");
        assertThat(notification.data().get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aDocumentJobsOutcomeIsLeftToDocumentProcessed() {
        JobCommand vectorize = JobCommand.run(UUID.randomUUID(), "alice", VectorizeJobType.NAME, Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode(), 1, 1, 3, null);

        assertThat(NewNotification.of(JobEvent.completed(vectorize, 5, null, "worker-1"))).isEmpty();
        assertThat(NewNotification.of(JobEvent.failed(vectorize, 5, JobError.of("no_text", "no text"), "w"))).isEmpty();
    }

    @Test
    void aProcessedDocumentIsAnnouncedByNameWithItsCountsOrItsError() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        DocumentProcessed completed = new DocumentProcessed(UUID.randomUUID(), DocumentProcessed.TYPE, 1, at, "alice",
                UUID.randomUUID(), UUID.randomUUID(), "guide.md", "completed", null, 1, 1, at);
        DocumentProcessed failed = new DocumentProcessed(UUID.randomUUID(), DocumentProcessed.TYPE, 1, at, "alice",
                UUID.randomUUID(), UUID.randomUUID(), "scan.pdf", "failed", "no text layer", null, null, at);

        NewNotification good = NewNotification.of(completed);
        assertThat(good.type().wireName()).isEqualTo("document_processed");
        assertThat(good.title()).isEqualTo("Document processed: guide.md");
        assertThat(good.message()).isEqualTo("1 chunk embedded; the document is searchable now.");
        assertThat(good.eventId()).isEqualTo(completed.id());
        assertThat(good.jobId()).isEqualTo(completed.jobId());
        assertThat(good.data().get("documentId").asText()).isEqualTo(completed.documentId().toString());
        assertThat(good.data().get("processedAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        NewNotification bad = NewNotification.of(failed);
        assertThat(bad.title()).isEqualTo("Document failed: scan.pdf");
        assertThat(bad.message()).isEqualTo("no text layer");
        assertThat(bad.data().get("error").asText()).isEqualTo("no text layer");
    }

    @Test
    void aFailureWithoutMessageFallsBackToTheErrorCode() {
        JobEvent event = JobEvent.failed(command, 5, JobError.of("timeout", null), "worker-1");

        assertThat(NewNotification.of(event).orElseThrow().message()).isEqualTo("timeout");
    }

    @Test
    void aFailureWithoutErrorStillSaysItFailed() {
        JobEvent event = JobEvent.failed(command, 5, null, "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.message()).isNotBlank();
        assertThat(notification.data().has("error")).isFalse();
    }

    @Test
    void aCompletedSchemaRebuildSaysWhatItFound() {
        JobCommand rebuild = JobCommand.run(UUID.randomUUID(), "alice", SchemaJobTypes.REBUILD, Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode().put("connectionId", UUID.randomUUID().toString()),
                1, 1, 3, null);
        JobEvent event = JobEvent.completed(rebuild, 9, JobJsonCodec.mapper().valueToTree(
                new SchemaRebuildResult(2, 42, 310, 57, 12, 1530, false, "abc", Instant.now())), "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.title()).isEqualTo("Schema rebuild completed: 42 tables");
        assertThat(notification.message())
                .isEqualTo("42 tables in 2 schemas (310 columns, 57 indexes, 12 foreign keys), introspected in 1.5 s.");
        assertThat(notification.data().get("result").get("tables").asInt()).isEqualTo(42);
    }

    @Test
    void anUnchangedSchemaRebuildSaysSo() {
        JobCommand rebuild = JobCommand.run(UUID.randomUUID(), "alice", SchemaJobTypes.REBUILD, Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode(), 1, 1, 3, null);
        JobEvent event = JobEvent.completed(rebuild, 9, JobJsonCodec.mapper().valueToTree(
                new SchemaRebuildResult(1, 1, 3, 1, 0, 20, true, "abc", Instant.now())), "worker-1");

        assertThat(NewNotification.of(event).orElseThrow().message())
                .isEqualTo("Schema unchanged since the last snapshot: 1 table in 1 schema (3 columns, 1 indexes, "
                        + "0 foreign keys).");
    }

    @Test
    void aFailedSchemaRebuildSaysWhy() {
        JobCommand rebuild = JobCommand.run(UUID.randomUUID(), "alice", SchemaJobTypes.REBUILD, Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode(), 1, 1, 3, null);
        JobEvent event = JobEvent.failed(rebuild, 4, new JobError("auth_failed",
                "authentication failed for user \"app\" on db:5432", false), "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.title()).isEqualTo("Schema rebuild failed");
        assertThat(notification.message()).isEqualTo("authentication failed for user \"app\" on db:5432");
    }

    @Test
    void aJobWithoutTypeGetsAGenericTitle() {
        JobEvent event = new JobEvent(UUID.randomUUID(), JobEventType.COMPLETED, 1, null,
                UUID.randomUUID(), "alice", 3, 1, null, null, null, null, null, null, null);

        assertThat(NewNotification.of(event).orElseThrow().title()).isEqualTo("Job completed");
    }

    @Test
    void eventsBetweenStartAndEndAreNotNotified() {
        assertThat(NewNotification.of(JobEvent.queued(command.jobId(), "alice", "sleep", 1, 1))).isEmpty();
        assertThat(NewNotification.of(JobEvent.started(command, 2, "w"))).isEmpty();
        assertThat(NewNotification.of(JobEvent.progress(command, 3, Progress.of(1, 3, "one"), "w"))).isEmpty();
    }

    @Test
    void aCancelledJobIsAnnounced() {
        JobEvent event = JobEvent.cancelled(command, 6, "worker-1");

        NewNotification notification = NewNotification.of(event).orElseThrow();

        assertThat(notification.type()).isEqualTo(NotificationType.JOB_CANCELLED);
        assertThat(notification.title()).isEqualTo("Job sleep cancelled");
        assertThat(notification.data().get("jobId").asText()).isEqualTo(command.jobId().toString());
    }
}
