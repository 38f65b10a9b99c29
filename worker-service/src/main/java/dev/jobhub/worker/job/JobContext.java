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
     * Publishes a {@code job.progress} event with the attempt's next sequence number. Returns without waiting for
     * the broker's acknowledgement, unless too many events are on their way (then it waits up to the progress
     * timeout and goes on without this one: progress is informative, a lost one does not fail the job).
     */
    void progress(Progress progress);

    /**
     * Checked by the handler between steps; cancelled when the job is cancelled or dropped, runs over its timeout,
     * or the worker stops.
     */
    CancellationToken cancellation();
}
