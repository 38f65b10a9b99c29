package dev.jobhub.worker.fence;

import dev.jobhub.model.JobCommand;
import java.util.UUID;

/** One attempt of one job: what the fence is keyed by. */
public record AttemptKey(UUID jobId, int attempt) {

    public static AttemptKey of(JobCommand command) {
        return new AttemptKey(command.jobId(), command.attempt());
    }
}
