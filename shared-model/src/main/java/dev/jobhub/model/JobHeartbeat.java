package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * "Attempt {@code attempt} of this job is still running here", sent by the worker every few seconds for each active
 * job on {@link Topics#HEARTBEATS} (key: job id). api-service re-dispatches an active job whose heartbeats stop.
 * Internal to the platform; {@code sequence} is always 0 (heartbeats do not order job events).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobHeartbeat(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        int attempt,
        String workerId) implements JobMessage {

    public static final String TYPE = "job.heartbeat";
    public static final int VERSION = 1;

    public static JobHeartbeat of(JobCommand command, String workerId) {
        return new JobHeartbeat(UUID.randomUUID(), TYPE, VERSION, Instant.now(), command.jobId(), command.userId(), 0,
                command.attempt(), workerId);
    }
}
