package dev.jobhub.stack.bench;

/**
 * W5 at one number of connections: how they were opened, then the delivery of jobs submitted for random ones.
 *
 * @param connections        the level asked for
 * @param held               sockets open when the jobs were offered
 * @param openSeconds        the time to open this step's new sockets
 * @param offered            jobs offered (rate × duration)
 * @param notSent            offers not sent because the in-flight cap of submit calls was reached (a slow API)
 * @param accepted           jobs accepted during the offer
 * @param completedSeen      of those, seen completed on their owner's socket
 * @param completedDelayMs   {@code job.completed}: the event's {@code occurredAt} (the worker put it on Kafka) to its
 *                           receipt at the owner's socket
 * @param allEventsDelayMs   the same for every job event (queued, started, completed)
 * @param submitToCompletedMs from just before the submit call to the {@code job.completed} at the socket
 * @param misdelivered       job events that reached another user's socket than their owner's (must be 0)
 * @param notifier           the notifier's CPU and peak memory while the jobs ran
 */
record ConnectionLevel(int connections, int held, double openSeconds, long offered, long notSent, long accepted,
        int completedSeen,
        Percentiles completedDelayMs, Percentiles allEventsDelayMs, Percentiles submitToCompletedMs,
        long misdelivered, ProcessUsage notifier) {

    @Override
    public String toString() {
        return String.format("%,d held of %,d (opened in %.1f s): %,d offered, %,d not sent, %,d of %,d seen "
                        + "completed; Kafka → socket: completed %s, all events %s; submit → completed %s; "
                        + "misdelivered %d; notifier %.1f CPU s, %.0f MiB", held, connections, openSeconds, offered,
                notSent, completedSeen, accepted, completedDelayMs,
                allEventsDelayMs, submitToCompletedMs, misdelivered, notifier.cpuSeconds(), notifier.peakRssMiB());
    }
}
