package dev.jobhub.api.document;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Uploads and search of documents ({@code jobhub.documents.*}). */
@ConfigMapping(prefix = "jobhub.documents")
public interface DocumentsConfig {

    /** The largest file {@code POST /api/documents} takes (env {@code JOBHUB_DOCUMENTS_MAX_FILE_SIZE}); 413 beyond. */
    @WithDefault("20M")
    MemorySize maxFileSize();

    /** Stored vectors a search reads per database round trip: what a search holds in memory at once. */
    @WithDefault("1000")
    int searchFetchSize();
}
