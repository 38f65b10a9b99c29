package dev.jobhub.worker.job;

/** Thrown inside a handler when its job was cancelled; the worker reports it, it is not a failure of the handler. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException(String reason) {
        super(reason, null, false, false);
    }
}
