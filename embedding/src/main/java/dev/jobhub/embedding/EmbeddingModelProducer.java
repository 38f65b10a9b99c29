package dev.jobhub.embedding;

import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;

/** One model per service, made on first use: loading the in-process model takes about a second and 100 MB. */
@Singleton
public class EmbeddingModelProducer {

    @Produces
    @Singleton
    EmbeddingModel embeddingModel(EmbeddingConfig config) {
        EmbeddingModel model = switch (config.provider()) {
            case "in-process" -> new InProcessEmbeddingModel();
            case "openai" -> new OpenAiEmbeddingModel(URI.create(config.openai().url().orElseThrow(
                    () -> new IllegalStateException("jobhub.embedding.openai.url is required with provider openai"))),
                    config.openai().apiKey().orElse(null), config.openai().model(), config.openai().dimensions(),
                    config.openai().timeout());
            default -> throw new IllegalStateException("jobhub.embedding.provider must be in-process or openai, not '"
                    + config.provider() + "'");
        };
        Log.infof("embedding model %s (%d dimensions)", model.name(), model.dimensions());
        return model;
    }
}
