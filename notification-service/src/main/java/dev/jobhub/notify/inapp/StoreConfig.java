package dev.jobhub.notify.inapp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the store path retries when PostgreSQL cannot take a notification. */
@ConfigMapping(prefix = "jobhub.notify.store")
public interface StoreConfig {

    /** The wait before the first retry of a failed store; it doubles on each further failure. */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    /** The longest wait between two retries: how soon after PostgreSQL returns the backlog resumes, at worst. */
    @WithDefault("30s")
    Duration retryMaxBackoff();
}
