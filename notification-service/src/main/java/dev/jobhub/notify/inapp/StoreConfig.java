package dev.jobhub.notify.inapp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the store path retries when PostgreSQL cannot take a notification, and how long it remembers jobs. */
@ConfigMapping(prefix = "jobhub.notify.store")
public interface StoreConfig {

    /** The wait before the first retry of a failed store; it doubles on each further failure. */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    /** The longest wait between two retries: how soon after PostgreSQL returns the backlog resumes, at worst. */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    /**
     * How long the position of a job whose events stopped is kept (job_positions): longer than any event of it can
     * still arrive late (a job's run, its stall detection, a consumer's redelivery). A redelivered event whose
     * position was purged is still caught by its processed event id.
     */
    @WithDefault("24h")
    Duration positionRetention();

    /** How often old positions are purged ({@link JobPositionPurge}, which reads it as a schedule expression). */
    @WithDefault("10m")
    Duration positionPurgeEvery();
}
