package dev.jobhub.worker.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import java.util.UUID;

/** Commands as api-service issues them, for tests. */
public final class JobCommands {

    /** The job's last sequence when the command is issued: the worker's events must start right after it. */
    public static final long ISSUED_AT_SEQUENCE = 10;

    private JobCommands() {
    }

    public static JobCommand sleep(int steps, long stepMillis, Integer failAtStep) {
        return command("sleep", sleepPayload(steps, stepMillis, failAtStep), Priority.NORMAL);
    }

    public static ObjectNode sleepPayload(int steps, long stepMillis, Integer failAtStep) {
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode().put("steps", steps).put("stepMillis", stepMillis);
        if (failAtStep != null) {
            payload.put("failAtStep", failAtStep);
        }
        return payload;
    }

    /** The same command as another attempt: attempt {@code attempt} of {@code maxAttempts}. */
    public static JobCommand withAttempt(JobCommand command, int attempt, int maxAttempts) {
        return JobCommand.run(command.jobId(), command.userId(), command.jobType(), command.priority(),
                command.payload(), command.sequence(), attempt, maxAttempts, command.timeoutMs());
    }

    /** The same command with a timeout. */
    public static JobCommand withTimeout(JobCommand command, Long timeoutMs) {
        return JobCommand.run(command.jobId(), command.userId(), command.jobType(), command.priority(),
                command.payload(), command.sequence(), command.attempt(), command.maxAttempts(), timeoutMs);
    }

    public static JobCommand sleep(int steps, long stepMillis, Integer failAtStep, Priority priority) {
        return command("sleep", sleepPayload(steps, stepMillis, failAtStep), priority);
    }

    public static JobCommand command(String jobType, JsonNode payload, Priority priority) {
        return JobCommand.run(UUID.randomUUID(), "alice", jobType, priority, payload, ISSUED_AT_SEQUENCE, 2, 3, null);
    }
}
