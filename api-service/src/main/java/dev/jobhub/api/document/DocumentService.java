package dev.jobhub.api.document;

import dev.jobhub.api.job.Job;
import dev.jobhub.api.job.JobPage;
import dev.jobhub.model.Progress;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
 * another user's document answers exactly like a missing one.
 */
@ApplicationScoped
public class DocumentService {

    private final Pool pool;
    private final DocumentVectors vectors;

    public DocumentService(Pool pool, DocumentVectors vectors) {
        this.pool = pool;
        this.vectors = vectors;
    }

    @WithSession
    public Uni<DocumentView> find(String ownerId, UUID id) {
        return Document.<Document>findById(id).flatMap(document -> {
            if (document == null || (ownerId != null && !ownerId.equals(document.userId))) {
                throw notFound(id);
            }
            return progressOf(List.of(document))
                    .map(progress -> DocumentView.of(document, progress.get(document.jobId)));
        });
    }

    /** Newest first; {@code status} null for all. */
    @WithSession
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
        var query = Document.<Document>find(where.toString(), Sort.descending("createdAt", "id"), parameters);
        return query.page(page - 1, limit).list()
                .flatMap(found -> progressOf(found).flatMap(progress -> query.count().map(total -> new DocumentPage(
                        found.stream().map(d -> DocumentView.of(d, progress.get(d.jobId))).toList(),
                        JobPage.Pagination.of(page, limit, total)))));
    }

    /**
     * Deletes the document (its bytes cascade) and its vectors in one transaction; its job id, which the caller
     * cancels afterwards if it is unfinished.
     */
    public Uni<UUID> delete(String ownerId, UUID id) {
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
                            .replaceWith(jobId);
                }));
    }

    /** The progress of the jobs of those documents that are processing, by job id. */
    private static Uni<Map<UUID, Progress>> progressOf(List<Document> documents) {
        List<UUID> jobIds = documents.stream().filter(d -> "processing".equals(d.status)).map(d -> d.jobId).toList();
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Job.<Job>list("id in ?1", jobIds).map(jobs -> jobs.stream().filter(job -> job.progress != null)
                .collect(Collectors.toMap(job -> job.id, job -> job.progress)));
    }

    static ProblemException notFound(Object id) {
        return ProblemException.notFound("document " + id);
    }
}
