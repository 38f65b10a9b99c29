package dev.jobhub.worker.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the worker ({@code jobhub.worker.*}). */
@ConfigMapping(prefix = "jobhub.worker")
public interface WorkerConfig {

    /** How many jobs this instance runs at once; it takes no more commands than it has free slots. */
    @WithDefault("8")
    int concurrency();

    /** The id this instance signs its events with; by default {@code <hostname>-<pid>}. */
    Optional<String> id();

    /**
     * On shutdown, how long running jobs may go on to finish. Jobs still running then are cancelled and
     * reported as failed ({@code worker_shutdown}), so that api-service retries them.
     */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** How long a handler waits for the broker to take one progress event before it goes on without it. */
    @WithDefault("10s")
    Duration progressTimeout();
}
