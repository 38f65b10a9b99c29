package dev.jobhub.worker.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.Progress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt of a job on this worker, and the events it publishes. The command carries the job's last sequence
 * when it was issued; the attempt numbers its own events from there on (+1, +2, …), in the order they are made,
 * so consumers can drop duplicates and stale events by (attempt, sequence).
 */
public final class JobAttempt {

    private final JobCommand command;
    private final String workerId;
    private final AtomicLong sequence;

    public JobAttempt(JobCommand command, String workerId) {
        this.command = command;
        this.workerId = workerId;
        this.sequence = new AtomicLong(command.sequence());
    }

    public JobCommand command() {
        return command;
    }

    public JobEvent started() {
        return JobEvent.started(command, sequence.incrementAndGet(), workerId);
    }

    public JobEvent progress(Progress progress) {
        return JobEvent.progress(command, sequence.incrementAndGet(), progress, workerId);
    }

    public JobEvent completed(JsonNode result) {
        return JobEvent.completed(command, sequence.incrementAndGet(), result, workerId);
    }

    public JobEvent failed(JobError error) {
        return JobEvent.failed(command, sequence.incrementAndGet(), error, workerId);
    }

    public JobEvent cancelled() {
        return JobEvent.cancelled(command, sequence.incrementAndGet(), workerId);
    }
}
