package dev.jobhub.worker.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.embedding.EmbeddingConfig;
import dev.jobhub.embedding.EmbeddingFailedException;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.VectorizeJobType;
import dev.jobhub.model.jobtype.VectorizePayload;
import dev.jobhub.model.jobtype.VectorizeResult;
import dev.jobhub.worker.document.DocumentVectorStore.VectorSet;
import dev.jobhub.worker.job.JobContext;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.job.JobHandler;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * {@code document.vectorize}: reads the uploaded document (through {@link DocumentSource}), extracts and normalises
 * its text, splits it into chunks, and embeds and stores them a batch at a time ({@code jobhub.embedding.batch-size}),
 * reporting progress and checking for cancellation between batches. The vectors become visible only when every
 * chunk is stored ({@link DocumentVectorStore}).
 *
 * <p>Memory: the uploaded bytes are dropped once the text is extracted, the text once it is chunked; vectors are
 * held one batch at a time.
 */
@ApplicationScoped
public class VectorizeJobHandler implements JobHandler {

    public static final String UNREADABLE_DOCUMENT = "unreadable_document";
    public static final String NO_TEXT = "no_text";
    public static final String EMBEDDING_FAILED = "embedding_failed";

    private final DocumentSource source;
    private final DocumentVectorStore store;
    // made on the first document, not at startup: the in-process model takes a second and ~100 MB to load
    private final Provider<EmbeddingModel> model;
    private final DocumentConfig config;
    private final int batchSize;

    public VectorizeJobHandler(DocumentSource source, DocumentVectorStore store, Provider<EmbeddingModel> model,
            DocumentConfig config, EmbeddingConfig embeddingConfig) {
        this.source = source;
        this.store = store;
        this.model = model;
        this.config = config;
        this.batchSize = Math.max(1, embeddingConfig.batchSize());
    }

    @Override
    public String jobType() {
        return VectorizeJobType.NAME;
    }

    @Override
    public JsonNode run(JobContext context) throws SQLException {
        long started = System.nanoTime();
        JobCommand command = context.command();
        VectorizePayload payload = context.payload(VectorizePayload.class);
        int stale = store.deleteStaleIncomplete(config.stagedTtl());
        if (stale > 0) {
            Log.infof("deleted %d incomplete vector set(s) left by crashed runs", stale);
        }

        String text = text(payload, command.userId());
        TextChunker chunker = chunker(payload);
        int characters = text.length();
        List<TextChunker.Chunk> chunks = chunker.chunk(text);
        text = null; // the chunks hold what is needed from here on
        int total = chunks.size();
        context.progress(Progress.of(0, total,
                String.format(Locale.ENGLISH, "Extracted %,d characters, %,d chunks", characters, total)));

        EmbeddingModel embedder = embedder();
        try (VectorSet set = store.begin(payload.documentId(), command.userId(), command.jobId(), embedder.name(),
                embedder.dimensions())) {
            for (int from = 0; from < total; from += batchSize) {
                context.cancellation().throwIfCancelled();
                List<TextChunker.Chunk> batch = chunks.subList(from, Math.min(total, from + batchSize));
                set.add(batch, embed(embedder, batch));
                context.progress(Progress.of(set.stored(), total,
                        String.format(Locale.ENGLISH, "Embedded %,d of %,d chunks", set.stored(), total)));
            }
            context.cancellation().throwIfCancelled();
            set.complete();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Log.infof("document %s vectorized: %d characters, %d chunks, model %s, %d ms", payload.documentId(),
                characters, total, embedder.name(), durationMs);
        return JobJsonCodec.toTree(new VectorizeResult(total, total, embedder.dimensions(), embedder.name(),
                durationMs));
    }

    /** The document's normalised text; the uploaded bytes are garbage once this returns. */
    private String text(VectorizePayload payload, String userId) throws SQLException {
        DocumentSource.Upload upload = source.read(payload.documentId(), userId);
        String text;
        try {
            text = DocumentText.extract(upload.mimeType(), upload.content());
        } catch (UnreadableDocumentException e) {
            throw new JobFailedException(JobError.permanent(UNREADABLE_DOCUMENT, e.getMessage()));
        }
        if (text.isEmpty()) {
            throw new JobFailedException(JobError.permanent(NO_TEXT, "the document has no extractable text"));
        }
        return text;
    }

    /**
     * The payload's chunk size and overlap, else the configured ones. A payload chunk size alone keeps the default
     * overlap only up to a fifth of it (the payload rules only check an overlap against a size given with it).
     */
    TextChunker chunker(VectorizePayload payload) {
        int size = payload.chunkSize() != null ? payload.chunkSize() : config.chunkSize();
        int overlap = payload.chunkOverlap() != null ? payload.chunkOverlap()
                : payload.chunkSize() != null ? Math.min(config.chunkOverlap(), size / 5) : config.chunkOverlap();
        return new TextChunker(size, Math.min(overlap, size - 1));
    }

    private EmbeddingModel embedder() {
        try {
            return model.get();
        } catch (RuntimeException e) {
            // a misconfigured provider (no URL, unknown name): every attempt would fail alike
            throw new JobFailedException(JobError.permanent(EMBEDDING_FAILED,
                    "the embedding model is not available: " + e.getMessage()));
        }
    }

    private static List<float[]> embed(EmbeddingModel embedder, List<TextChunker.Chunk> batch) {
        try {
            List<float[]> vectors = embedder.embed(batch.stream().map(TextChunker.Chunk::text).toList());
            if (vectors.size() != batch.size()) {
                throw new EmbeddingFailedException("the model returned " + vectors.size() + " vectors for "
                        + batch.size() + " texts", true, null);
            }
            return vectors;
        } catch (EmbeddingFailedException e) {
            throw new JobFailedException(new JobError(EMBEDDING_FAILED, e.getMessage(), e.retryable() ? null : false));
        }
    }
}
