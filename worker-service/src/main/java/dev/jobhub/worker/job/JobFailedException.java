package dev.jobhub.worker.job;

import dev.jobhub.model.JobError;

/**
 * Thrown by a handler that knows why its job failed: the error's code and retryability reach the job as they are
 * (any other exception becomes a retryable {@code handler_error} with the exception's message).
 */
public class JobFailedException extends RuntimeException {

    private final transient JobError error;

    public JobFailedException(JobError error) {
        super(error.message());
        this.error = error;
    }

    public JobError error() {
        return error;
    }
}
