package dev.jobhub.api.queue;

import dev.jobhub.model.Priority;
import java.time.Instant;

/**
 * One priority's queue as {@code GET /api/queues} shows it.
 *
 * @param waiting   queued jobs not yet started (dispatched, or held back while the queue is paused)
 * @param active    jobs a worker is running
 * @param scheduled delayed and retrying jobs waiting for their run_at
 */
public record QueueView(Priority priority, boolean paused, long waiting, long active, long scheduled,
        Instant updatedAt, String updatedBy) {
}
