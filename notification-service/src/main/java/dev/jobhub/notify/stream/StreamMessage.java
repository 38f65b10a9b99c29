package dev.jobhub.notify.stream;

import java.util.UUID;

/**
 * One message of a user's live stream, as WebSocket and SSE clients receive it.
 *
 * @param id what a client resumes from
 * @param jobId the job it is about, if any: an admin subscribed to the job receives it too
 * @param type the message type ({@code job.progress}, {@code notification}, {@code unread_count}, …)
 * @param payload the JSON text sent, as it is
 */
public record StreamMessage(UUID id, String userId, UUID jobId, String type, String payload) {

    /** A message as stored: with its place in the one order of all messages. */
    public record Entry(long seq, StreamMessage message) {
    }
}
