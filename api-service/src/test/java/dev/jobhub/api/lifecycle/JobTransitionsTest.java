package dev.jobhub.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.api.lifecycle.JobTransitions.CancelOutcome;
import dev.jobhub.api.lifecycle.JobTransitions.EventOutcome;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {

    private static final UUID ID = UUID.randomUUID();

    private static JobRow row(JobState state, int attempt, long sequence, boolean cancelRequested) {
        return new JobRow(ID, "alice", "sleep", state, Priority.NORMAL, JobJsonCodec.mapper().createObjectNode(),
                attempt, 3, null, sequence, null, null, null, Instant.now(), cancelRequested ? Instant.now() : null,
                null, null, List.of(), null);
    }

    private static JobCommand command(int attempt, long sequence) {
        return JobCommand.run(ID, "alice", "sleep", Priority.NORMAL, null, sequence, attempt, 3, null);
    }

    @Test
    void newerEventsOfTheCurrentAttemptApply() {
        assertThat(JobTransitions.onEvent(row(JobState.QUEUED, 1, 1, false), JobEvent.started(command(1, 1), 2, "w")))
                .isEqualTo(EventOutcome.APPLY);
        assertThat(JobTransitions.onEvent(row(JobState.ACTIVE, 1, 2, false),
                JobEvent.completed(command(1, 1), 3, null, "w"))).isEqualTo(EventOutcome.APPLY);
    }

    @Test
    void staleDuplicateAndSupersededEventsDoNot() {
        assertThat(JobTransitions.onEvent(row(JobState.ACTIVE, 1, 3, false), JobEvent.started(command(1, 1), 2, "w")))
                .isEqualTo(EventOutcome.STALE);
        assertThat(JobTransitions.onEvent(row(JobState.ACTIVE, 1, 3, false),
                JobEvent.completed(command(1, 1), 3, null, "w"))).isEqualTo(EventOutcome.STALE);
        // attempt 2 was dispatched: a late event of attempt 1, however high its sequence, is stale
        assertThat(JobTransitions.onEvent(row(JobState.QUEUED, 2, 5, false),
                JobEvent.completed(command(1, 1), 99, null, "w"))).isEqualTo(EventOutcome.STALE);
    }

    @Test
    void onceFinalTheAttemptThatEndedItChangesNothing() {
        assertThat(JobTransitions.onEvent(row(JobState.CANCELLED, 1, 2, true),
                JobEvent.started(command(1, 1), 3, "w"))).isEqualTo(EventOutcome.AFTER_FINAL);
        assertThat(JobTransitions.onEvent(row(JobState.FAILED, 3, 9, false),
                JobEvent.completed(command(3, 7), 10, null, "w"))).isEqualTo(EventOutcome.AFTER_FINAL);
    }

    @Test
    void aRetryOfAJobTheUserCancelledEndsCancelled() {
        JobEvent retrying = JobEvent.attemptFailed(command(1, 1), 3, JobError.of("handler_error", "x"), "w");
        assertThat(JobTransitions.onEvent(row(JobState.ACTIVE, 1, 2, true), retrying))
                .isEqualTo(EventOutcome.CANCEL_INSTEAD);
        assertThat(JobTransitions.onEvent(row(JobState.ACTIVE, 1, 2, false), retrying)).isEqualTo(EventOutcome.APPLY);
    }

    @Test
    void theMachine() {
        assertThat(JobTransitions.allowed(JobState.RETRYING, JobState.ACTIVE)).isFalse();
        assertThat(JobTransitions.allowed(JobState.DELAYED, JobState.COMPLETED)).isFalse();
        assertThat(JobTransitions.allowed(JobState.COMPLETED, JobState.QUEUED)).isFalse();
        assertThat(JobTransitions.allowed(JobState.ACTIVE, JobState.QUEUED)).isTrue();
        assertThat(JobTransitions.onEvent(row(JobState.RETRYING, 1, 3, false),
                JobEvent.started(command(1, 1), 4, "w"))).isEqualTo(EventOutcome.NOT_ALLOWED);

        assertThat(JobTransitions.onCancel(JobState.QUEUED)).isEqualTo(CancelOutcome.CANCEL_NOW);
        assertThat(JobTransitions.onCancel(JobState.DELAYED)).isEqualTo(CancelOutcome.CANCEL_NOW);
        assertThat(JobTransitions.onCancel(JobState.RETRYING)).isEqualTo(CancelOutcome.CANCEL_NOW);
        assertThat(JobTransitions.onCancel(JobState.ACTIVE)).isEqualTo(CancelOutcome.REQUEST);
        assertThat(JobTransitions.onCancel(JobState.COMPLETED)).isEqualTo(CancelOutcome.CONFLICT);
        assertThat(JobTransitions.onCancel(JobState.CANCELLED)).isEqualTo(CancelOutcome.CONFLICT);

        assertThat(JobTransitions.canRetryManually(JobState.FAILED)).isTrue();
        assertThat(JobTransitions.canRetryManually(JobState.CANCELLED)).isTrue();
        assertThat(JobTransitions.canRetryManually(JobState.COMPLETED)).isFalse();
        assertThat(JobTransitions.canRetryManually(JobState.QUEUED)).isFalse();
    }
}
