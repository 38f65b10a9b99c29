package dev.jobhub.api.document;

import dev.jobhub.api.job.WorkerFunctions;
import dev.jobhub.embedding.Vectors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.PreparedStatement;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Document vectors as api-service sees them: worker-service's SQL interface ({@code worker.document_search_vectors},
 * {@code worker.document_chunk_texts}, {@code worker.document_vectors_delete}), never its tables. The caller has
 * checked that the documents are the user's.
 */
@ApplicationScoped
public class DocumentVectors {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** A chunk of a document. */
    public record ChunkKey(UUID documentId, int chunkIndex) {
    }

    /**
     * Deletes the document's vectors in the caller's transaction; 0 if the worker schema does not exist yet (looked
     * up first: a failing call would abort the transaction).
     */
    public Uni<Integer> delete(SqlConnection connection, UUID documentId) {
        return WorkerFunctions.countFor(connection, "document_vectors_delete", documentId);
    }

    /**
     * Scores every vector of the documents made by {@code model} into {@code top}, reading them {@code fetchSize} at
     * a time through a cursor: memory holds one page, however many chunks there are. Blocking (call it on a worker
     * thread), in a transaction of {@code session}.
     */
    public void score(SqlConnection session, String userId, String model, List<UUID> documentIds, TopChunks top,
            int fetchSize) {
        PreparedStatement statement = session.prepare(
                "SELECT document_id, chunk_index, embedding FROM worker.document_search_vectors($1, $2, $3)")
                .await().atMost(WAIT);
        try {
            Cursor cursor = statement.cursor(Tuple.of(userId, model, documentIds.toArray(UUID[]::new)));
            try {
                do {
                    RowSet<Row> rows = cursor.read(fetchSize).await().atMost(WAIT);
                    for (Row row : rows) {
                        top.offer(row.getUUID(0), row.getInteger(1), Vectors.fromFloat32(row.getBuffer(2).getBytes()));
                    }
                } while (cursor.hasMore());
            } finally {
                cursor.close().await().atMost(WAIT);
            }
        } finally {
            statement.close().await().atMost(WAIT);
        }
    }

    /** The texts of the chosen chunks (those still there). Blocking, in a transaction of {@code session}. */
    public Map<ChunkKey, String> texts(SqlConnection session, String userId, List<ChunkKey> chunks) {
        RowSet<Row> rows = session.preparedQuery(
                        "SELECT document_id, chunk_index, content FROM worker.document_chunk_texts($1, $2, $3)")
                .execute(Tuple.of(userId, chunks.stream().map(ChunkKey::documentId).toArray(UUID[]::new),
                        chunks.stream().map(ChunkKey::chunkIndex).toArray(Integer[]::new)))
                .await().atMost(WAIT);
        Map<ChunkKey, String> texts = new HashMap<>();
        rows.forEach(row -> texts.put(new ChunkKey(row.getUUID(0), row.getInteger(1)), row.getString(2)));
        return texts;
    }
}
