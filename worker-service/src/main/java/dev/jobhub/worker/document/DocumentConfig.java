package dev.jobhub.worker.document;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the {@code document.vectorize} job ({@code jobhub.documents.*}); the model's are {@code jobhub.embedding.*}. */
@ConfigMapping(prefix = "jobhub.documents")
public interface DocumentConfig {

    /**
     * Characters per chunk when the job's payload gives none. all-MiniLM-L6-v2 reads 256 word pieces (about 1,000
     * characters of English) at a time; a longer chunk is embedded in parts whose vectors are averaged, which blurs
     * what it is about.
     */
    @WithDefault("1000")
    int chunkSize();

    /**
     * Characters neighbouring chunks share when the payload gives none (whole sentences where possible), so a
     * thought cut by a chunk boundary is whole in one of them. Capped at a fifth of a smaller payload chunk size.
     */
    @WithDefault("200")
    int chunkOverlap();

    /** Incomplete vector sets older than this are a crashed run's leftovers, deleted when a run starts. */
    @WithDefault("1h")
    Duration stagedTtl();
}
