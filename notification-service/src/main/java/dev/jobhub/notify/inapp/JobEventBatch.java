package dev.jobhub.notify.inapp;

import dev.jobhub.model.EventOrder;
import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.notify.event.JobEventHead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The store path's decision for one poll of {@code jobs.events}: which events become notifications, and where each
 * job stands afterwards. Each job's events are folded in their order on the topic (one job, one partition) through
 * the ordering rule, starting from the position recorded before the poll: only an event that counts makes its
 * notification, so a second completion of a duplicate run, the completion of a superseded attempt, or a redelivered
 * event makes none.
 *
 * @param notifications to store, in the order of their events
 * @param positions the new position of every job that moved
 * @param suppressed events that would have made a notification but did not count, with the rule's verdict
 */
public record JobEventBatch(List<NewNotification> notifications, Map<UUID, Position> positions,
        List<Suppressed> suppressed) {

    /** An event that would have made a notification, and why it made none. */
    public record Suppressed(NewNotification notification, JobEventHead head, EventOrder.Verdict verdict) {
    }

    /**
     * One event as the store path sees it.
     *
     * @param notification what it tells the user if it counts (only completed and failed jobs tell anything)
     */
    public record Seen(JobEventHead head, Optional<NewNotification> notification) {
    }

    /** @param recorded the positions recorded before the poll, of the poll's jobs that have one */
    public static JobEventBatch decide(List<Seen> poll, Map<UUID, Position> recorded) {
        Map<UUID, Position> current = new HashMap<>(recorded);
        Map<UUID, Position> moved = new HashMap<>();
        List<NewNotification> notifications = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (Seen seen : poll) {
            JobEventHead head = seen.head();
            EventOrder.Verdict verdict = EventOrder.judge(current.get(head.jobId()), head.type(), head.attempt(),
                    head.sequence());
            if (verdict.applies()) {
                Position position = Position.of(head.type(), head.attempt(), head.sequence());
                current.put(head.jobId(), position);
                moved.put(head.jobId(), position);
                seen.notification().ifPresent(notifications::add);
            } else {
                seen.notification().ifPresent(n -> suppressed.add(new Suppressed(n, head, verdict)));
            }
        }
        return new JobEventBatch(notifications, moved, suppressed);
    }
}
