package dev.jobhub.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The users who follow a job besides its owner, on {@link Topics#NOTIFICATION_REQUESTS} (key: job id): api-service
 * writes one to its outbox in the transaction that changes the list, and the notification-service copies the job's
 * events and its final notification to each of them. Every message carries the whole list, so the newest one alone
 * says who follows the job: a consumer keeps the list of the highest {@code sequence} it has seen and ignores any
 * message that is not newer, whatever order they arrive in and however often.
 *
 * @param userId   the job's owner (as on every message of a job)
 * @param sequence the list's version for this job: 1 for its first list, one more for every change
 * @param watchers the followers, in the order they were added; empty once the last one is removed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobWatchers(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID jobId,
        String userId,
        long sequence,
        List<String> watchers) implements JobMessage {

    /** The {@code type} field and the CloudEvents {@code ce_type} header. */
    public static final String TYPE = "job.watchers";
    public static final int VERSION = 1;
    /** The most users that may follow one job: each one copies every event of the job into another stream. */
    public static final int MAX_WATCHERS = 50;
    /** The longest user id, as everywhere a user id is taken. */
    public static final int MAX_USER_ID_LENGTH = 255;

    public JobWatchers {
        watchers = watchers == null ? null : List.copyOf(watchers);
    }

    public static JobWatchers of(UUID jobId, String ownerId, long sequence, List<String> watchers) {
        return new JobWatchers(UUID.randomUUID(), TYPE, VERSION, Instant.now(), jobId, ownerId, sequence, watchers);
    }
}
