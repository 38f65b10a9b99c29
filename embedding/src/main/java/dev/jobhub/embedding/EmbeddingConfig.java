package dev.jobhub.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Which model embeds texts ({@code jobhub.embedding.*}). worker-service (document chunks) and api-service (search
 * queries) must be configured alike: vectors carry the model's name and only vectors of the same model are compared.
 */
@ConfigMapping(prefix = "jobhub.embedding")
public interface EmbeddingConfig {

    /** {@code in-process} (all-MiniLM-L6-v2 inside the service, the default) or {@code openai} (an HTTP endpoint). */
    @WithDefault("in-process")
    String provider();

    /** Texts per model call: the worker reports progress and stores vectors once per batch. */
    @WithDefault("32")
    int batchSize();

    /** The OpenAI-compatible endpoint, used when {@link #provider()} is {@code openai}. */
    OpenAi openai();

    interface OpenAi {

        /** Base URL; {@code /embeddings} is appended (e.g. {@code https://api.openai.com/v1}). */
        Optional<String> url();

        /** Sent as {@code Authorization: Bearer ...} when set (env {@code JOBHUB_EMBEDDING_OPENAI_API_KEY}). */
        Optional<String> apiKey();

        /** The {@code model} field of each request, and the name stored with the vectors. */
        @WithDefault("text-embedding-3-small")
        String model();

        /** The vectors' size; a response of another size fails the call rather than storing mismatched vectors. */
        @WithDefault("1536")
        int dimensions();

        @WithDefault("30s")
        Duration timeout();
    }
}
