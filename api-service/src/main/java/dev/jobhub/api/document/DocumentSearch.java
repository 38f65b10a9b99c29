package dev.jobhub.api.document;

import dev.jobhub.api.job.PgErrors;
import dev.jobhub.embedding.EmbeddingFailedException;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/documents/search}: the k chunks of the caller's completed documents closest to a query, by
 * brute force over the stored vectors of the model that embeds the query (scores are cosine similarities). Search is
 * personal: admins too search only their own documents. Blocking: the model and the scoring run on the calling
 * (worker) thread, never on the event loop.
 */
@ApplicationScoped
public class DocumentSearch {

    private final Pool pool;
    private final EmbeddingModel model;
    private final DocumentVectors vectors;
    private final int fetchSize;

    public DocumentSearch(Pool pool, EmbeddingModel model, DocumentVectors vectors, DocumentsConfig config) {
        this.pool = pool;
        this.model = model;
        this.vectors = vectors;
        this.fetchSize = config.searchFetchSize();
    }

    /** Stored vectors read per database round trip. */
    public int fetchSize() {
        return fetchSize;
    }

    /** One found chunk. */
    public record Result(UUID documentId, String filename, int chunkIndex, String text, float score) {
    }

    /**
     * The answer.
     *
     * @param searchedChunks vectors scored
     * @param tookMs         from the request's check to the answer, the query's embedding included
     */
    public record Answer(String query, String model, List<Result> results, long searchedChunks, long tookMs) {
    }

    public Answer search(String userId, SearchRequest.Valid request) {
        long start = System.nanoTime();
        Map<UUID, String> documents = completedDocuments(userId, request.documentIds());
        if (documents.isEmpty()) {
            return new Answer(request.query(), model.name(), List.of(), 0, millisSince(start));
        }
        float[] query = embed(request.query());
        TopChunks top = new TopChunks(query, request.k());
        List<Result> results = new ArrayList<>();
        SqlConnection session = pool.getConnection().await().atMost(DocumentVectors.WAIT);
        try {
            // one snapshot: a document re-vectorized meanwhile yields its old chunks' texts, not none
            Transaction transaction = session.begin().await().atMost(DocumentVectors.WAIT);
            session.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                    .await().atMost(DocumentVectors.WAIT);
            vectors.score(session, userId, model.name(), List.copyOf(documents.keySet()), top, fetchSize);
            List<TopChunks.Hit> best = top.best();
            if (!best.isEmpty()) {
                Map<DocumentVectors.ChunkKey, String> texts = vectors.texts(session, userId, best.stream()
                        .map(hit -> new DocumentVectors.ChunkKey(hit.documentId(), hit.chunkIndex())).toList());
                for (TopChunks.Hit hit : best) {
                    String text = texts.get(new DocumentVectors.ChunkKey(hit.documentId(), hit.chunkIndex()));
                    if (text != null) {
                        results.add(new Result(hit.documentId(), documents.get(hit.documentId()), hit.chunkIndex(),
                                text, hit.score()));
                    }
                }
            }
            transaction.commit().await().atMost(DocumentVectors.WAIT);
        } catch (RuntimeException e) {
            if (!PgErrors.isWorkerSchemaMissing(e)) {
                throw e;
            }
            Log.debug("no worker schema yet: nothing to search");
        } finally {
            session.close().await().atMost(DocumentVectors.WAIT);
        }
        return new Answer(request.query(), model.name(), results, top.scored(), millisSince(start));
    }

    /**
     * The caller's completed documents (id → filename), among {@code wanted} if given: a wanted id that is not one of
     * the caller's documents answers 404 naming it; one not completed yet is skipped.
     */
    private Map<UUID, String> completedDocuments(String userId, List<UUID> wanted) {
        var rows = pool.preparedQuery("""
                        SELECT id, filename, status FROM documents
                         WHERE user_id = $1 AND ($2::uuid[] IS NULL OR id = ANY ($2))""")
                .execute(Tuple.of(userId, wanted == null ? null : wanted.toArray(UUID[]::new)))
                .await().atMost(DocumentVectors.WAIT);
        Map<UUID, String> completed = new LinkedHashMap<>();
        List<UUID> found = new ArrayList<>();
        for (Row row : rows) {
            found.add(row.getUUID("id"));
            if ("completed".equals(row.getString("status"))) {
                completed.put(row.getUUID("id"), row.getString("filename"));
            }
        }
        if (wanted != null) {
            wanted.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(missing -> {
                throw new ProblemException(Problem.of(404, "document " + missing
                        + " not found", List.of(new Problem.FieldError("documentIds", "document " + missing
                                + " not found"))));
            });
        }
        return completed;
    }

    private float[] embed(String query) {
        try {
            return model.embed(List.of(query)).get(0);
        } catch (EmbeddingFailedException e) {
            Log.warnf("the embedding model failed on a search query: %s", e.getMessage());
            throw new ProblemException(Problem.of(503, "the embedding model is unavailable: " + e.getMessage()));
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
