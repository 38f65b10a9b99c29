package dev.jobhub.notify.event;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import java.util.UUID;

/**
 * What the ordering of a job's events needs of one event (dev.jobhub.model.EventOrder): its job, type, attempt and
 * sequence. Read from the value without binding the whole event ({@link JobEventDecoder#decodeHead}).
 */
public record JobEventHead(UUID jobId, JobEventType type, int attempt, long sequence) {

    public static JobEventHead of(JobEvent event) {
        return new JobEventHead(event.jobId(), event.type(), event.attempt(), event.sequence());
    }
}
