package dev.jobhub.notify.email;

import java.time.Duration;

/**
 * What the outbox holds that is not done. Sent rows are not counted: there are many, and they tell nothing about
 * the backlog.
 *
 * @param pending          rows still to send (due or waiting for a retry)
 * @param failed           rows given up on
 * @param oldestPendingAge how long the oldest pending row has waited since it was enqueued; zero if none
 */
public record EmailBacklog(long pending, long failed, Duration oldestPendingAge) {
}
