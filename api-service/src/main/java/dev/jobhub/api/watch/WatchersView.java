package dev.jobhub.api.watch;

import java.util.List;
import java.util.UUID;

/**
 * A job's watchers as the API answers them.
 *
 * @param userId the job's owner, who follows it without being listed
 * @param watchers in the order they were added
 */
public record WatchersView(UUID jobId, String userId, List<String> watchers) {
}
