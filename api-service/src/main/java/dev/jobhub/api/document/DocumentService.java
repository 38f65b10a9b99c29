package dev.jobhub.api.document;

import dev.jobhub.api.job.JobPage;
import dev.jobhub.api.job.JobRecord;
import dev.jobhub.api.job.Jobs;
import dev.jobhub.api.lifecycle.JobLifecycle;
import dev.jobhub.api.outbox.OutboxRelay;
import dev.jobhub.model.Progress;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Lookup, listing and deletion of documents. {@code ownerId} null means an admin acting on every user's documents;
 * another user's document answers exactly like a missing one. Documents are read in a Hibernate session that is
 * closed before their jobs are read ({@link Jobs}), so a request holds one pooled connection at a time.
 */
@ApplicationScoped
public class DocumentService {

    private final Pool pool;
    private final Jobs jobs;
    private final DocumentVectors vectors;
    private final JobLifecycle lifecycle;
    private final OutboxRelay relay;

    public DocumentService(Pool pool, Jobs jobs, DocumentVectors vectors, JobLifecycle lifecycle, OutboxRelay relay) {
        this.pool = pool;
        this.jobs = jobs;
        this.vectors = vectors;
        this.lifecycle = lifecycle;
        this.relay = relay;
    }

    public Uni<DocumentView> find(String ownerId, UUID id) {
        return Panache.withSession(() -> Document.<Document>findById(id)).flatMap(document -> {
            if (document == null || (ownerId != null && !ownerId.equals(document.userId))) {
                throw notFound(id);
            }
            return progressOf(List.of(document))
                    .map(progress -> DocumentView.of(document, progress.get(document.jobId)));
        });
    }

    /** Newest first; {@code status} null for all. */
    public Uni<DocumentPage> list(String ownerId, String status, int page, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (ownerId != null) {
            where.append(" and userId = :owner");
            parameters.and("owner", ownerId);
        }
        if (status != null) {
            where.append(" and status = :status");
            parameters.and("status", status);
        }
        return Panache.withSession(() -> {
            var query = Document.<Document>find(where.toString(), Sort.descending("createdAt", "id"), parameters);
            return query.page(page - 1, limit).list()
                    .flatMap(documents -> query.count().map(total -> new Found(documents, total)));
        }).flatMap(found -> progressOf(found.documents()).map(progress -> new DocumentPage(
                found.documents().stream().map(d -> DocumentView.of(d, progress.get(d.jobId))).toList(),
                JobPage.Pagination.of(page, limit, found.total()))));
    }

    /** A page of documents and how many there are over all pages. */
    private record Found(List<Document> documents, long total) {
    }

    /**
     * Deletes the document (its bytes cascade), its vectors, and cancels its job if it is unfinished, all in one
     * transaction: a crash leaves either the whole document or none of it, never a document without its job's
     * cancellation or a cancelled job beside a live document.
     */
    public Uni<Void> delete(String ownerId, UUID id, String reason) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT user_id, job_id FROM documents WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    var row = rows.size() == 0 ? null : rows.iterator().next();
                    if (row == null || (ownerId != null && !ownerId.equals(row.getString("user_id")))) {
                        throw notFound(id);
                    }
                    UUID jobId = row.getUUID("job_id");
                    return connection.preparedQuery("DELETE FROM documents WHERE id = $1").execute(Tuple.of(id))
                            .chain(() -> vectors.delete(connection, id))
                            .chain(() -> jobId == null ? Uni.createFrom().voidItem()
                                    : lifecycle.cancelWithin(connection, jobId, reason));
                }))
                // a cancelled job's control message is in the outbox now
                .invoke(relay::wakeUp);
    }

    /** The progress of the jobs of those documents that are processing, by job id. */
    private Uni<Map<UUID, Progress>> progressOf(List<Document> documents) {
        List<UUID> jobIds = documents.stream().filter(d -> "processing".equals(d.status)).map(d -> d.jobId).toList();
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return jobs.byIds(jobIds).map(found -> found.stream().filter(job -> job.progress() != null)
                .collect(Collectors.toMap(JobRecord::id, JobRecord::progress)));
    }

    static ProblemException notFound(Object id) {
        return ProblemException.notFound("document " + id);
    }
}
