package dev.jobhub.worker.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs one job type. Implementations are {@code @ApplicationScoped} beans, found by {@link #jobType()}; adding a
 * job type is one handler plus its payload record and {@code JobType} in shared-model.
 *
 * <p>A handler runs on a worker thread of its own and may block. It reports progress through
 * {@link JobContext#progress}, checks {@link JobContext#cancellation()} between steps, and either returns the
 * result or throws: the exception's message becomes the job's error (so it must not carry secrets).
 */
public interface JobHandler {

    /** The job type this handler runs, as in {@code JobTypes}. */
    String jobType();

    /** @return the job's result (any JSON, or null for none) */
    JsonNode run(JobContext context) throws Exception;
}
