package dev.jobhub.api.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.api.WorkerSchema;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Search latency over 100,000 stored chunks (100 documents of 1,000 chunks, random normalised 384-dimension vectors)
 * of one user, through {@link DocumentSearch#search}, the method the endpoint calls: the query's embedding by the
 * real model, the streamed scoring and the chunk texts. Not part of the default test run (surefire runs *Test); run
 * it with {@code ./mvnw -B -ntp -o -pl api-service verify -Pbenchmark}. It fails only if the search does not score
 * every chunk: timings depend on the machine.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentSearchBenchmark {

    static final int DOCUMENTS = 100;
    static final int CHUNKS_PER_DOCUMENT = 1_000;
    static final int WARM_UP = 3;
    static final int QUERIES = 20;
    static final int K = 10;

    @Inject
    DocumentSearch search;
    @Inject
    EmbeddingModel model;

    @Test
    void searchesOneHundredThousandChunks() {
        WorkerSchema.ensure();
        String user = JobRows.uniqueUser("bench");
        long setupStart = System.nanoTime();
        for (int d = 0; d < DOCUMENTS; d++) {
            UUID documentId = DocumentSearchTest.documentRow(user, "doc-" + d + ".txt", "completed");
            UUID setId = UUID.randomUUID();
            JobRows.update("""
                    INSERT INTO worker.document_vector_sets (id, document_id, user_id, job_id, model, dimensions,
                        chunk_count, complete, completed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, true, now())""", setId, documentId, user, UUID.randomUUID(),
                    model.name(), model.dimensions(), CHUNKS_PER_DOCUMENT);
            // random vectors made and normalised in the database: 1,000 rows per statement
            JobRows.update("""
                    INSERT INTO worker.document_chunks (set_id, chunk_index, content, char_start, char_end, embedding)
                    SELECT ?, n, 'benchmark chunk ' || n, 0, 20,
                           (SELECT array_agg((x / norm)::real ORDER BY i) FROM unnest(v) WITH ORDINALITY AS u (x, i))
                      FROM (SELECT n, v, sqrt((SELECT sum(x * x) FROM unnest(v) x)) AS norm
                              FROM (SELECT n, ARRAY(SELECT (random() - 0.5)::real
                                                      FROM generate_series(1, ?) WHERE n >= 0) AS v
                                      FROM generate_series(0, ? - 1) n) raw) normed""",
                    setId, model.dimensions(), CHUNKS_PER_DOCUMENT);
        }
        long total = (long) DOCUMENTS * CHUNKS_PER_DOCUMENT;
        System.out.printf("document search benchmark setup: %d chunks stored in %.1f s%n", total,
                (System.nanoTime() - setupStart) / 1e9);

        List<String> queries = new ArrayList<>();
        for (int i = 0; i < WARM_UP + QUERIES; i++) {
            queries.add("benchmark query number " + i + " about " + List.of("invoices", "rainfall", "compilers",
                    "football", "recipes").get(i % 5));
        }
        long[] latencies = new long[QUERIES];
        long[] embedding = new long[QUERIES];
        for (int i = 0; i < queries.size(); i++) {
            long start = System.nanoTime();
            DocumentSearch.Answer answer = search.search(user, new SearchRequest.Valid(queries.get(i), K, null));
            long took = System.nanoTime() - start;
            assertThat(answer.searchedChunks()).isEqualTo(total);
            assertThat(answer.results()).hasSize(K);
            if (i >= WARM_UP) {
                latencies[i - WARM_UP] = took;
                long embedStart = System.nanoTime();
                model.embed(List.of(queries.get(i)));
                embedding[i - WARM_UP] = System.nanoTime() - embedStart;
            }
        }
        java.util.Arrays.sort(latencies);
        java.util.Arrays.sort(embedding);
        double median = percentile(latencies, 50);
        double p95 = percentile(latencies, 95);
        double mean = java.util.Arrays.stream(latencies).average().orElseThrow() / 1e6;
        System.out.printf("""
                document search benchmark: %d chunks (%d documents, %d dimensions, model %s), k=%d, %d queries after \
                %d warm-up
                  latency median %.1f ms, p95 %.1f ms, mean %.1f ms (query embedding alone: median %.1f ms)
                  scored %.0f chunks/s (at the median latency), fetch size %d%n""",
                total, DOCUMENTS, model.dimensions(), model.name(), K, QUERIES, WARM_UP, median, p95, mean,
                percentile(embedding, 50), total / (median / 1e3), search.fetchSize());
    }

    private static double percentile(long[] sortedNanos, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
