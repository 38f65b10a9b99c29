package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Progress;

/** What a {@link JobHandler} sees of the attempt it runs. */
public interface JobContext {

    JobCommand command();

    /**
     * The payload bound to the record of the job's type (e.g. {@code SleepPayload}); it has already passed the
     * type's validation.
     *
     * @throws IllegalStateException if {@code type} is not the payload record of this job's type
     */
    <P> P payload(Class<P> type);

    /**
     * Publishes a {@code job.progress} event with the attempt's next sequence number, and returns once the broker
     * has it (or after the progress timeout: progress is informative, a lost one does not fail the job).
     */
    void progress(Progress progress);

    /**
     * Checked by the handler between steps; cancelled when the job is cancelled or dropped, runs over its timeout,
     * or the worker stops.
     */
    CancellationToken cancellation();
}
