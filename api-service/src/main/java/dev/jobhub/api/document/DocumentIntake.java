package dev.jobhub.api.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.job.JobIntake;
import dev.jobhub.api.job.JobSubmission;
import dev.jobhub.api.job.JobSubmissionValidator;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.VectorizeJobType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Stores an upload and queues its {@code document.vectorize} job, the only way in for that internal type: the job,
 * its command (which carries the document id and chunk options, never the bytes), the document record and its bytes
 * commit together, so the worker never gets a command for a document it cannot read.
 */
@ApplicationScoped
public class DocumentIntake {

    private final JobSubmissionValidator validator;
    private final JobIntake intake;
    private final OutboxRelay relay;

    public DocumentIntake(JobSubmissionValidator validator, JobIntake intake, OutboxRelay relay) {
        this.validator = validator;
        this.intake = intake;
        this.relay = relay;
    }

    /** An upload that passed every check, its content read and detected. */
    public record Upload(UUID documentId, String filename, String mimeType, JsonNode metadata, byte[] content) {
    }

    /**
     * The job of a document with these chunk options (null: the worker's defaults): 400 naming {@code chunkSize} or
     * {@code chunkOverlap} if they are out of range. Checked before the file is read.
     */
    public JobSubmissionValidator.ValidSubmission job(UUID documentId, Integer chunkSize, Integer chunkOverlap) {
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode();
        payload.put("documentId", documentId.toString());
        if (chunkSize != null) {
            payload.put("chunkSize", chunkSize);
        }
        if (chunkOverlap != null) {
            payload.put("chunkOverlap", chunkOverlap);
        }
        return validator.validateRequestFields(new JobSubmission(VectorizeJobType.NAME, payload, null, null));
    }

    public Uni<DocumentAccepted> store(String userId, Upload upload, JobSubmissionValidator.ValidSubmission job) {
        return Panache.withTransaction(() -> intake.submit(userId, job, null)
                        .call(answer -> document(userId, upload, answer.jobId()).persistAndFlush())
                        .call(answer -> Panache.getSession().chain(session -> session.createNativeQuery(
                                        "INSERT INTO document_files (document_id, content) VALUES (:id, :content)")
                                .setParameter("id", upload.documentId())
                                .setParameter("content", upload.content())
                                .executeUpdate())))
                // the intake woke the relay before this transaction committed: once more now that it has
                .invoke(relay::wakeUp)
                .map(answer -> DocumentAccepted.of(upload.documentId(), upload.filename(), upload.content().length,
                        answer.jobId()));
    }

    private static Document document(String userId, Upload upload, UUID jobId) {
        Document document = new Document();
        document.id = upload.documentId();
        document.userId = userId;
        document.filename = upload.filename();
        document.fileSize = upload.content().length;
        document.mimeType = upload.mimeType();
        document.metadata = upload.metadata();
        document.status = "queued";
        document.jobId = jobId;
        document.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return document;
    }
}
