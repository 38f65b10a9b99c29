package dev.jobhub.api.retention;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Retention of finished jobs ({@code jobhub.retention.*}). */
@ConfigMapping(prefix = "jobhub.retention")
public interface RetentionConfig {

    /** How often a cleanup round runs (a Quarkus scheduler interval, or {@code off}). */
    String every();

    /** Completed jobs are removed this many days after they finished ({@code JOB_RETENTION_DAYS}). */
    int completedDays();

    /** Failed and cancelled jobs are removed this many days after they finished ({@code FAILED_JOB_RETENTION_DAYS}). */
    int failedDays();

    /** True: removed jobs are moved to {@code api.jobs_archive}; false: they are only deleted. */
    boolean archive();

    /** Jobs per statement (and transaction). */
    int batchSize();

    /** Statements per round at most; the rest waits for the next round. */
    int maxBatches();

    default Duration completedAge() {
        return Duration.ofDays(completedDays());
    }

    default Duration failedAge() {
        return Duration.ofDays(failedDays());
    }
}
