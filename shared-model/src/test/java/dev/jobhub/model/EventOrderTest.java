package dev.jobhub.model;

import static dev.jobhub.model.EventOrder.Verdict.AFTER_FINAL;
import static dev.jobhub.model.EventOrder.Verdict.APPLY;
import static dev.jobhub.model.EventOrder.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.model.EventOrder.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventOrderTest {

    private static final UUID JOB = UUID.randomUUID();

    private static JobCommand attempt(int attempt) {
        return JobCommand.run(JOB, "alice", "sleep", Priority.NORMAL, JobJsonCodec.mapper().createObjectNode(), 1,
                attempt, 3, null);
    }

    private static Position at(int attempt, long sequence, JobState state) {
        return new Position(attempt, sequence, state);
    }

    @Test
    void everyEventCountsForAJobNothingWasSeenOf() {
        for (JobEventType type : JobEventType.values()) {
            assertThat(EventOrder.judge(null, type, 1, 1)).as(type.wireName()).isEqualTo(APPLY);
        }
    }

    @ParameterizedTest(name = "({0}, {1}) after ({2}, {3}): {4}")
    @CsvSource({
        "1, 2, 1, 1, true",   // next in the attempt
        "1, 9, 1, 1, true",   // a gap is fine: events in between may be skipped
        "1, 1, 1, 1, false",  // the same position: a duplicate
        "1, 1, 1, 2, false",  // late
        "2, 1, 1, 9, true",   // a new attempt, whatever its sequence
        "1, 99, 2, 1, false", // a superseded attempt, whatever its sequence
    })
    void newerIsByAttemptThenBySequence(int attempt, long sequence, int recordedAttempt, long recordedSequence,
            boolean newer) {
        assertThat(EventOrder.isNewer(attempt, sequence, recordedAttempt, recordedSequence)).isEqualTo(newer);
        Verdict expected = newer ? APPLY : STALE;
        assertThat(EventOrder.judge(at(recordedAttempt, recordedSequence, JobState.ACTIVE), JobEventType.PROGRESS,
                attempt, sequence)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = { "COMPLETED", "FAILED", "CANCELLED" })
    void nothingLaterOfTheAttemptThatEndedTheJobCounts(JobState end) {
        Position ended = at(1, 5, end);
        for (JobEventType type : JobEventType.values()) {
            assertThat(EventOrder.judge(ended, type, 1, 6)).as("%s after %s", type.wireName(), end)
                    .isEqualTo(AFTER_FINAL);
            assertThat(EventOrder.judge(ended, type, 1, 5)).as("%s at the final position", type.wireName())
                    .isEqualTo(STALE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = { "FAILED", "CANCELLED" })
    void aManualRetryOfAJobThatEndedWithoutSuccessOpensANewAttempt(JobState end) {
        Position ended = at(1, 5, end);

        assertThat(EventOrder.judge(ended, JobEventType.QUEUED, 2, 6)).isEqualTo(APPLY);
        // only api-service's announcement opens it: a stray event of a newer attempt does not
        assertThat(EventOrder.judge(ended, JobEventType.STARTED, 2, 6)).isEqualTo(AFTER_FINAL);
        assertThat(EventOrder.judge(ended, JobEventType.COMPLETED, 2, 7)).isEqualTo(AFTER_FINAL);
        // nor does a job.queued of the attempt that ended
        assertThat(EventOrder.judge(ended, JobEventType.QUEUED, 1, 6)).isEqualTo(AFTER_FINAL);
    }

    @Test
    void aCompletedJobIsNeverOpenedAgain() {
        Position completed = at(1, 5, JobState.COMPLETED);

        assertThat(EventOrder.judge(completed, JobEventType.QUEUED, 2, 6)).isEqualTo(AFTER_FINAL);
        assertThat(EventOrder.judge(completed, JobEventType.COMPLETED, 2, 8)).isEqualTo(AFTER_FINAL);
    }

    @Test
    void aFailedAttemptThatWillBeRetriedIsNotTheEnd() {
        Position retrying = at(1, 4, JobState.RETRYING);

        assertThat(EventOrder.judge(retrying, JobEventType.QUEUED, 2, 5)).isEqualTo(APPLY);
        assertThat(EventOrder.judge(retrying, JobEventType.STARTED, 2, 6)).isEqualTo(APPLY);
        assertThat(EventOrder.judge(retrying, JobEventType.COMPLETED, 1, 3)).isEqualTo(STALE);
    }

    /** The cases api-service's projection decides today (JobTransitionsTest), with its record as the position. */
    @Test
    void readsLikeTheProjectionForAConsumerThatKeepsTheJobRecord() {
        JobCommand first = attempt(1);
        assertThat(EventOrder.judge(at(1, 1, JobState.QUEUED), JobEvent.started(first, 2, "w"))).isEqualTo(APPLY);
        assertThat(EventOrder.judge(at(1, 2, JobState.ACTIVE), JobEvent.completed(first, 3, null, "w")))
                .isEqualTo(APPLY);
        assertThat(EventOrder.judge(at(1, 3, JobState.ACTIVE), JobEvent.started(first, 2, "w"))).isEqualTo(STALE);
        assertThat(EventOrder.judge(at(1, 3, JobState.ACTIVE), JobEvent.completed(first, 3, null, "w")))
                .isEqualTo(STALE);
        assertThat(EventOrder.judge(at(2, 5, JobState.QUEUED), JobEvent.completed(first, 99, null, "w")))
                .isEqualTo(STALE);
        assertThat(EventOrder.judge(at(1, 2, JobState.CANCELLED), JobEvent.started(first, 3, "w")))
                .isEqualTo(AFTER_FINAL);
        assertThat(EventOrder.judge(at(3, 9, JobState.FAILED), JobEvent.completed(attempt(3), 10, null, "w")))
                .isEqualTo(AFTER_FINAL);
    }

    @Test
    void aDuplicateRunOfTheSameAttemptCompletesOnce() {
        JobCommand command = attempt(1);
        List<JobEvent> topic = List.of(
                JobEvent.started(command, 2, "w1"), JobEvent.completed(command, 3, null, "w1"),
                // the command was delivered again and run again: same attempt, same sequences, new event ids
                JobEvent.started(command, 2, "w2"), JobEvent.completed(command, 3, null, "w2"));

        assertThat(counted(topic)).containsExactly(topic.get(0), topic.get(1));
    }

    @Test
    void theCompletionOfASupersededAttemptDoesNotCount() {
        JobCommand first = attempt(1);
        JobCommand second = attempt(2);
        List<JobEvent> topic = List.of(
                JobEvent.started(first, 2, "w1"),
                // w1 looked dead: attempt 2 was dispatched and started; then w1's late completion arrives
                JobEvent.queued(JOB, "alice", "sleep", 3, 2), JobEvent.started(second, 4, "w2"),
                JobEvent.completed(first, 3, null, "w1"), JobEvent.completed(second, 5, null, "w2"));

        assertThat(counted(topic)).extracting(JobEvent::type, JobEvent::attempt).containsExactly(
                tuple(JobEventType.STARTED, 1),
                tuple(JobEventType.QUEUED, 2),
                tuple(JobEventType.STARTED, 2),
                tuple(JobEventType.COMPLETED, 2));
    }

    @Test
    void aManualRetryAfterAFailureCompletesAgain() {
        JobCommand first = attempt(1);
        JobCommand second = attempt(2);
        List<JobEvent> topic = List.of(
                JobEvent.failed(first, 3, JobError.permanent("invalid_payload", "x"), "w1"),
                JobEvent.queued(JOB, "alice", "sleep", 4, 2), JobEvent.started(second, 5, "w1"),
                JobEvent.completed(second, 6, null, "w1"));

        assertThat(counted(topic)).containsExactlyElementsOf(topic);
    }

    @Test
    void theNextPositionIsTheCountedEventsOrTheRecordedOne() {
        JobEvent completed = JobEvent.completed(attempt(1), 3, null, "w");
        Position recorded = at(1, 2, JobState.ACTIVE);

        Position after = EventOrder.next(recorded, completed);

        assertThat(after).isEqualTo(at(1, 3, JobState.COMPLETED));
        assertThat(after.isFinal()).isTrue();
        assertThat(EventOrder.next(after, JobEvent.started(attempt(1), 4, "w"))).isSameAs(after);
        assertThat(Position.of(JobEventType.RETRYING, 2, 7)).isEqualTo(at(2, 7, JobState.RETRYING));
    }

    @Test
    void aPositionHasAState() {
        assertThatThrownBy(() -> new Position(1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventOrder.judge(null, null, 1, 1)).isInstanceOf(NullPointerException.class);
    }

    /** The events that count, folding the topic's events of one job in order from nothing seen. */
    private static List<JobEvent> counted(List<JobEvent> topic) {
        List<JobEvent> counted = new ArrayList<>();
        Position position = null;
        for (JobEvent event : topic) {
            if (EventOrder.judge(position, event).applies()) {
                counted.add(event);
            }
            position = EventOrder.next(position, event);
        }
        return counted;
    }
}
