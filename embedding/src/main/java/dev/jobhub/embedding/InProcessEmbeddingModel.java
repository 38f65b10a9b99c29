package dev.jobhub.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2, quantized (384 dimensions, normalised vectors), run by ONNX Runtime inside the service: the model
 * ships in a Maven artifact, nothing is downloaded at run time. Loading takes about a second, so one instance serves
 * the whole service; ONNX Runtime sessions are safe to share between threads.
 */
public final class InProcessEmbeddingModel implements EmbeddingModel {

    public static final String NAME = "all-minilm-l6-v2-q";
    private static final int DIMENSIONS = 384;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).map(Vectors::normalised).toList();
    }
}
