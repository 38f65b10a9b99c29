package dev.jobhub.worker.schema;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the schema introspection jobs ({@code jobhub.schema.*}). */
@ConfigMapping(prefix = "jobhub.schema")
public interface SchemaConfig {

    /**
     * How many tables' columns, constraints and indexes are fetched per catalog round trip and stored per JDBC
     * batch. Only one batch of table details is ever held in memory, whatever the size of the database.
     */
    @WithDefault("200")
    int batchSize();

    /**
     * At most one {@code job.progress} per interval (besides the first and the last table): each progress event
     * waits for the broker's acknowledgement, so one per table would slow a 5,000-table introspection down.
     */
    @WithDefault("250ms")
    Duration progressInterval();

    /** Staged (incomplete) snapshots older than this are a crashed run's leftovers, deleted when a run starts. */
    @WithDefault("1h")
    Duration stagedTtl();
}
