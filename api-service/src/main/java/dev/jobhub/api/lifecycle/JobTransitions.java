package dev.jobhub.api.lifecycle;

import static dev.jobhub.model.JobState.ACTIVE;
import static dev.jobhub.model.JobState.CANCELLED;
import static dev.jobhub.model.JobState.COMPLETED;
import static dev.jobhub.model.JobState.DELAYED;
import static dev.jobhub.model.JobState.FAILED;
import static dev.jobhub.model.JobState.QUEUED;
import static dev.jobhub.model.JobState.RETRYING;

import dev.jobhub.model.EventOrder;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The job state machine: the one place that says which state changes are allowed, whoever asks (the event
 * projection, the dispatcher, the stall sweeper, cancellation, manual retry). Like JobRunr's state machine, a
 * change that is not listed here does not happen.
 *
 * <pre>
 * delayed  → queued (due) | cancelled
 * queued   → queued (a parked job dispatched) | active | retrying | completed | failed | cancelled
 * active   → active (progress) | retrying | completed | failed | cancelled | queued (stalled: next attempt)
 * retrying → queued (due: next attempt) | cancelled
 * failed, cancelled → queued (manual retry)
 * completed → nothing
 * </pre>
 * A job leaves a final state only by a manual retry, which starts a new attempt: events of the attempt that ended
 * it are ignored from then on.
 */
public final class JobTransitions {

    private static final Map<JobState, Set<JobState>> ALLOWED = new EnumMap<>(JobState.class);

    static {
        ALLOWED.put(DELAYED, EnumSet.of(QUEUED, CANCELLED));
        ALLOWED.put(QUEUED, EnumSet.of(QUEUED, ACTIVE, RETRYING, COMPLETED, FAILED, CANCELLED));
        ALLOWED.put(ACTIVE, EnumSet.of(ACTIVE, RETRYING, COMPLETED, FAILED, CANCELLED, QUEUED));
        ALLOWED.put(RETRYING, EnumSet.of(QUEUED, CANCELLED));
        ALLOWED.put(FAILED, EnumSet.of(QUEUED));
        ALLOWED.put(CANCELLED, EnumSet.of(QUEUED));
        ALLOWED.put(COMPLETED, EnumSet.noneOf(JobState.class));
    }

    private JobTransitions() {
    }

    public static boolean allowed(JobState from, JobState to) {
        return ALLOWED.get(from).contains(to);
    }

    /**
     * The same rule as {@link #allowed} as a SQL condition, for statements that change many rows at once: true where
     * the state in column {@code to} (one of {@code targets}) may follow the state in column {@code from}.
     */
    public static String sqlAllowed(String from, String to, Set<JobState> targets) {
        List<String> cases = new ArrayList<>();
        for (JobState target : targets) {
            String sources = ALLOWED.entrySet().stream().filter(entry -> entry.getValue().contains(target))
                    .map(entry -> "'" + entry.getKey().wireName() + "'").collect(Collectors.joining(", "));
            cases.add("(" + to + " = '" + target.wireName() + "' AND " + from + " IN (" + sources + "))");
        }
        return "(" + String.join(" OR ", cases) + ")";
    }

    /** What the projection does with an event of {@code jobs.events}. */
    public enum EventOutcome {
        /** apply the event: the job takes the event's state */
        APPLY,
        /** a job.retrying of a job whose user asked to cancel it: it ends cancelled instead of being retried */
        CANCEL_INSTEAD,
        /** not newer than the record by (attempt, sequence): a duplicate, late, or of a superseded attempt */
        STALE,
        /** newer, but the job is final: the attempt that ended it is over */
        AFTER_FINAL,
        /** written by api-service itself (job.queued): already on the record when it was written */
        OWN,
        /** newer, but the state machine does not allow the change */
        NOT_ALLOWED
    }

    public static EventOutcome onEvent(JobRow job, JobEvent event) {
        // the shared ordering rule first; api-service resets its record on a manual retry before announcing the new
        // attempt, so a job.queued that the rule lets through after a final state is its own, like any other
        switch (EventOrder.judge(new EventOrder.Position(job.attempt(), job.lastSequence(), job.state()), event)) {
            case STALE:
                return EventOutcome.STALE;
            case AFTER_FINAL:
                return EventOutcome.AFTER_FINAL;
            default:
                break;
        }
        if (event.type() == JobEventType.QUEUED) {
            return EventOutcome.OWN;
        }
        JobState target = event.type().resultingState();
        if (!allowed(job.state(), target)) {
            return EventOutcome.NOT_ALLOWED;
        }
        if (event.type() == JobEventType.RETRYING && job.cancelRequested()) {
            return EventOutcome.CANCEL_INSTEAD;
        }
        return EventOutcome.APPLY;
    }

    /** What a cancellation request does to a job in {@code state}. */
    public enum CancelOutcome {
        /** no worker runs it: cancelled at once */
        CANCEL_NOW,
        /** a worker runs it: ask the worker to stop, the job stays active until it reports */
        REQUEST,
        /** already final: 409 */
        CONFLICT
    }

    public static CancelOutcome onCancel(JobState state) {
        if (state == ACTIVE) {
            return CancelOutcome.REQUEST;
        }
        return allowed(state, CANCELLED) ? CancelOutcome.CANCEL_NOW : CancelOutcome.CONFLICT;
    }

    /** A manual retry re-runs a job that ended without success; anything else is a 409. */
    public static boolean canRetryManually(JobState state) {
        return state.isFinal() && allowed(state, QUEUED);
    }

    /** The states the dispatcher turns into commands (when due and their queue is not paused). */
    public static boolean canDispatch(JobState state) {
        return state == DELAYED || state == RETRYING || state == QUEUED;
    }
}
