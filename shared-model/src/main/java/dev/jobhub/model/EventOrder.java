package dev.jobhub.model;

import java.util.Objects;

/**
 * The ordering rule every consumer of {@link Topics#EVENTS} applies, whether it keeps the job's record (api-service's
 * projection) or only what it has seen of the job (the notifier): which events of a job still count.
 *
 * <ul>
 * <li><b>Newer by attempt, then by sequence.</b> An event of an older attempt than the recorded one never counts (a
 * superseded attempt: its worker was presumed dead and the job was dispatched again); within the recorded attempt,
 * only an event with a higher sequence counts (anything else is a duplicate or late).</li>
 * <li><b>A final state stays final.</b> Once the recorded attempt has ended (completed, failed, cancelled), no later
 * event of it counts: not a second {@code job.completed} from a duplicate run of the same attempt, not a late
 * progress. A job leaves a final state only by a manual retry of a failed or cancelled job, which api-service
 * announces as the {@code job.queued} of a new attempt: that event, and the events of that attempt after it, count.
 * A completed job is never run again, so after {@code job.completed} nothing counts, whatever its attempt.</li>
 * </ul>
 * A consumer that keeps the job's record itself (api-service) resets it on a manual retry before it announces the
 * new attempt, so for it the {@code job.queued} never arrives newer than its record and the rule reads: not newer is
 * {@link Verdict#STALE}, newer after a final state is {@link Verdict#AFTER_FINAL}.
 */
public final class EventOrder {

    private EventOrder() {
    }

    /** What a consumer does with an event, measured against the position it recorded for the job. */
    public enum Verdict {
        /** newer than the recorded position and the job is not over: the event counts */
        APPLY,
        /** not newer by (attempt, sequence): a duplicate, a late event, or one of a superseded attempt */
        STALE,
        /** newer, but the job's latest attempt has ended: nothing after a final event counts */
        AFTER_FINAL;

        public boolean applies() {
            return this == APPLY;
        }
    }

    /**
     * Where a job stands as far as a consumer knows: the attempt and sequence of the last event that counted, and the
     * state that event left the job in.
     */
    public record Position(int attempt, long sequence, JobState state) {

        public Position {
            Objects.requireNonNull(state, "state");
        }

        /** The position {@code event} leaves the job at, once it counts. */
        public static Position of(JobEvent event) {
            return new Position(event.attempt(), event.sequence(), event.type().resultingState());
        }

        /** The position an event of {@code type} at {@code (attempt, sequence)} leaves the job at. */
        public static Position of(JobEventType type, int attempt, long sequence) {
            return new Position(attempt, sequence, type.resultingState());
        }

        public boolean isFinal() {
            return state.isFinal();
        }
    }

    /** True if {@code (attempt, sequence)} comes after {@code (recordedAttempt, recordedSequence)}. */
    public static boolean isNewer(int attempt, long sequence, int recordedAttempt, long recordedSequence) {
        return attempt > recordedAttempt || (attempt == recordedAttempt && sequence > recordedSequence);
    }

    /**
     * {@link #isNewer} as a SQL condition, for a consumer that applies many events with one statement: true where the
     * event's columns {@code (attempt, sequence)} come after the record's {@code (recordedAttempt, recordedSequence)}.
     */
    public static String sqlNewer(String attempt, String sequence, String recordedAttempt, String recordedSequence) {
        return "(" + attempt + " > " + recordedAttempt + " OR (" + attempt + " = " + recordedAttempt + " AND "
                + sequence + " > " + recordedSequence + "))";
    }

    /**
     * Judges an event of {@code type} at {@code (attempt, sequence)} against the job's recorded position.
     *
     * @param recorded the position of the last event that counted, or null if none was seen (everything counts)
     */
    public static Verdict judge(Position recorded, JobEventType type, int attempt, long sequence) {
        Objects.requireNonNull(type, "type");
        if (recorded == null) {
            return Verdict.APPLY;
        }
        if (!isNewer(attempt, sequence, recorded.attempt(), recorded.sequence())) {
            return Verdict.STALE;
        }
        if (recorded.isFinal() && !reopens(recorded, type, attempt)) {
            return Verdict.AFTER_FINAL;
        }
        return Verdict.APPLY;
    }

    /** {@link #judge(Position, JobEventType, int, long)} for a decoded event. */
    public static Verdict judge(Position recorded, JobEvent event) {
        return judge(recorded, event.type(), event.attempt(), event.sequence());
    }

    /**
     * The position after {@code event} is judged: the event's own if it counts, else the recorded one unchanged.
     * Folding a job's events through this, in their order on the topic, gives where the job stands.
     */
    public static Position next(Position recorded, JobEvent event) {
        return judge(recorded, event).applies() ? Position.of(event) : recorded;
    }

    /** A manual retry: the new attempt's job.queued, after a job that ended without success. */
    private static boolean reopens(Position recorded, JobEventType type, int attempt) {
        return type == JobEventType.QUEUED && attempt > recorded.attempt() && recorded.state() != JobState.COMPLETED;
    }
}
