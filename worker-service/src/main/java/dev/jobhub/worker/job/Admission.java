package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;

/** Whether this worker can run a command: with which handler and payload, or why not. */
public sealed interface Admission {

    /** Runnable: the handler of the job's type and the payload bound to the type's record. */
    record Admitted(JobCommand command, JobHandler handler, Object payload) implements Admission {
    }

    /** Not runnable, ever (retrying would not help): the job fails with this permanent error without starting. */
    record Rejected(JobCommand command, JobError error) implements Admission {
    }
}
