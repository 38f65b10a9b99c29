package dev.jobhub.embedding;

import java.util.List;

/**
 * Turns texts into vectors of {@link #dimensions()} floats, one per text, in order. The in-process model is the
 * default; an OpenAI-compatible HTTP endpoint can stand in for it (configuration).
 */
public interface EmbeddingModel {

    /** A short name stored with the vectors, so that vectors of different models are never compared. */
    String name();

    int dimensions();

    List<float[]> embed(List<String> texts);
}
