package dev.jobhub.worker.job;

/** The worker is shutting down and takes no more jobs. */
public class WorkerStoppingException extends RuntimeException {

    public WorkerStoppingException() {
        super("the worker is shutting down", null, false, false);
    }
}
