package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.embedding.EmbeddingConfig;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.VectorizePayload;
import dev.jobhub.model.jobtype.VectorizeResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.worker.job.HeapPeak;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Vectorizes a fixed corpus (20 generated documents of ~30 KB of English sentences: 5 each of plain text, Markdown,
 * HTML and PDF, the same for every run) with the real in-process model and database, one after another as one
 * worker slot would, and prints documents/s, chunks/s, characters/s and the share of the time the model takes.
 * Not part of the default test run (surefire excludes *Benchmark); run it with
 * {@code ./mvnw -B -ntp -pl worker-service verify -Pbenchmark -Dtest=DocumentVectorizationBenchmark}. It fails only
 * if what it stored is wrong: timings depend on the machine.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentVectorizationBenchmark {

    static final int DOCUMENTS = 20;
    static final int CHARACTERS = 30_000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DocumentSource source;
    @Inject
    DocumentVectorStore store;
    @Inject
    DocumentConfig config;
    @Inject
    EmbeddingConfig embeddingConfig;
    @Inject
    EmbeddingModel model;

    @Test
    void vectorizesTwentyDocuments() throws Exception {
        DocumentFixtures.ensureApiSchema(dataSource);
        TimedModel timed = new TimedModel(model);
        VectorizeJobHandler handler = new VectorizeJobHandler(source, store, () -> timed, config, embeddingConfig);
        List<UUID> corpus = new ArrayList<>();
        long characters = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            String text = TestDocuments.sentences(1000 + i, CHARACTERS);
            String[] document = format(i, text);
            byte[] content = document[1].equals("application/pdf") ? TestDocuments.pdf(text)
                    : document[2].getBytes(StandardCharsets.UTF_8);
            characters += DocumentText.extract(document[1], content).length();
            corpus.add(DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, document[0], document[1], content));
        }
        // the model loads on first use: not part of the measure
        handler.run(context(DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "warm-up.txt", "text/plain",
                "Glaciers carve valleys.".getBytes(StandardCharsets.UTF_8))));
        timed.nanos.set(0);

        long start = System.nanoTime();
        long chunks = 0;
        for (UUID document : corpus) {
            chunks += JobJsonCodec.bind(handler.run(context(document)), VectorizeResult.class).chunks();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double embedding = timed.nanos.get() / 1e9;

        System.out.printf(Locale.ROOT, """
                document vectorization benchmark: %d documents (5 text, 5 Markdown, 5 HTML, 5 PDF), %,d characters \
                extracted, %,d chunks of <= %d characters, model %s (%d dimensions), batches of %d
                  total %.2f s: %.2f documents/s, %.1f chunks/s, %,.0f characters/s
                  embedding %.2f s (%.0f%%), extraction + chunking + storage %.2f s (%.0f%%)
                """, DOCUMENTS, characters, chunks, config.chunkSize(), model.name(), model.dimensions(),
                embeddingConfig.batchSize(), seconds, DOCUMENTS / seconds, chunks / seconds, characters / seconds,
                embedding, 100 * embedding / seconds, seconds - embedding, 100 * (seconds - embedding) / seconds);

        long stored = 0;
        for (UUID document : corpus) {
            List<DocumentFixtures.ChunkRow> rows = DocumentFixtures.chunks(dataSource, document);
            assertThat(rows).allSatisfy(row -> assertThat(row.dimensions()).isEqualTo(model.dimensions()));
            stored += rows.size();
        }
        assertThat(stored).isEqualTo(chunks);
    }

    /**
     * The memory a 20 MB upload takes through the handler in the benchmarks' 256 MiB test JVM: extraction,
     * chunking (~25,000 chunks) and storage, with the model replaced by a stand-in that makes a vector from each
     * text's hash (the real one would take ~20 minutes here, and its memory does not depend on the document).
     */
    @Test
    void aTwentyMegabyteDocumentStaysWithinASmallHeap() throws Exception {
        DocumentFixtures.ensureApiSchema(dataSource);
        UUID document = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "big.txt", "text/plain",
                TestDocuments.sentences(99, 20 << 20).getBytes(StandardCharsets.UTF_8));
        EmbeddingModel standIn = new HashModel(model.dimensions());
        VectorizeJobHandler handler = new VectorizeJobHandler(source, store, () -> standIn, config, embeddingConfig);

        long start = System.nanoTime();
        HeapPeak heap = new HeapPeak();
        VectorizeResult result = JobJsonCodec.bind(handler.run(context(document)), VectorizeResult.class);
        heap.close();
        System.out.printf(Locale.ROOT, """
                20 MiB document (model stand-in): %,d chunks extracted, chunked and stored in %.1f s
                  heap used: %d MiB before (after GC), peak %d MiB, peak growth %d MiB; max heap %d MiB
                """, result.chunks(), (System.nanoTime() - start) / 1e9, heap.baselineMiB(), heap.peakMiB(),
                heap.peakMiB() - heap.baselineMiB(), heap.maxMiB());
        assertThat(DocumentFixtures.sets(dataSource, document)).singleElement()
                .extracting(DocumentFixtures.VectorSetRow::chunkCount).isEqualTo(result.chunks());
        DocumentFixtures.delete(dataSource, document);
    }

    /** {filename, media type, content} of the i-th document; PDFs are laid out from the text by the caller. */
    private static String[] format(int i, String text) {
        return switch (i % 4) {
            case 0 -> new String[] {"doc" + i + ".txt", "text/plain", text};
            case 1 -> new String[] {"doc" + i + ".md", "text/markdown",
                "# Document " + i + "\n\n" + text.replace("\n\n", "\n\n## A section\n\n")};
            case 2 -> new String[] {"doc" + i + ".html", "text/html", "<html><head><title>Document " + i
                + "</title></head><body><h1>Document " + i + "</h1><p>" + text.replace("\n\n", "</p>\n<p>")
                + "</p></body></html>"};
            default -> new String[] {"doc" + i + ".pdf", "application/pdf", null};
        };
    }

    private static RecordingJobContext context(UUID document) {
        return new RecordingJobContext(DocumentFixtures.command(document, null, null),
                new VectorizePayload(document, null, null));
    }

    /** A stand-in for the model: a unit vector from the text's hash, at no cost. */
    private record HashModel(int dimensions) implements EmbeddingModel {

        @Override
        public String name() {
            return "hash-stand-in";
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            return texts.stream().map(text -> {
                float[] vector = new float[dimensions];
                vector[Math.floorMod(text.hashCode(), dimensions)] = 1;
                return vector;
            }).toList();
        }
    }

    /** The real model, timed. */
    private static final class TimedModel implements EmbeddingModel {

        private final EmbeddingModel model;
        private final AtomicLong nanos = new AtomicLong();

        TimedModel(EmbeddingModel model) {
            this.model = model;
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            long start = System.nanoTime();
            try {
                return model.embed(texts);
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        }
    }
}
