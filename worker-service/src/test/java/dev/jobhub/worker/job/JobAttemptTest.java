package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobAttemptTest {

    private final JobCommand command = JobCommands.sleep(2, 1, null);

    @Test
    void numbersItsEventsAfterTheCommandsSequenceInTheOrderTheyAreMade() {
        JobAttempt attempt = new JobAttempt(command, "worker-1");

        List<JobEvent> events = List.of(
                attempt.started(),
                attempt.progress(Progress.of(1, 2, "step 1 of 2")),
                attempt.progress(Progress.of(2, 2, "step 2 of 2")),
                attempt.completed(null));

        assertThat(events).extracting(JobEvent::sequence).containsExactly(11L, 12L, 13L, 14L);
        assertThat(events).extracting(JobEvent::type).containsExactly(JobEventType.STARTED, JobEventType.PROGRESS,
                JobEventType.PROGRESS, JobEventType.COMPLETED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.jobId()).isEqualTo(command.jobId());
            assertThat(event.userId()).isEqualTo("alice");
            assertThat(event.attempt()).isEqualTo(command.attempt());
            assertThat(event.jobType()).isEqualTo("sleep");
            assertThat(event.workerId()).isEqualTo("worker-1");
        });
        assertThat(events).extracting(JobEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void outcomesCarryTheirState() {
        JobAttempt attempt = new JobAttempt(command, "worker-1");

        JobEvent failed = attempt.failed(JobError.of("handler_error", "boom"));
        JobEvent cancelled = attempt.cancelled();

        assertThat(failed.state()).as("attempt 2 of 3 failed: another follows").isEqualTo(JobState.RETRYING);
        assertThat(failed.type()).isEqualTo(JobEventType.RETRYING);
        assertThat(failed.error()).isEqualTo(JobError.of("handler_error", "boom"));
        assertThat(failed.sequence()).isEqualTo(JobCommands.ISSUED_AT_SEQUENCE + 1);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.sequence()).isEqualTo(JobCommands.ISSUED_AT_SEQUENCE + 2);
    }

    @Test
    void aFailedAttemptIsFinalOnTheLastAttemptOrWithAPermanentError() {
        JobAttempt last = new JobAttempt(JobCommands.withAttempt(command, 3, 3), "worker-1");
        JobAttempt notLast = new JobAttempt(command, "worker-1");

        assertThat(last.failed(JobError.of("handler_error", "boom")).type()).isEqualTo(JobEventType.FAILED);
        assertThat(notLast.failed(JobError.permanent("invalid_payload", "no")).type()).isEqualTo(JobEventType.FAILED);
        assertThat(notLast.failed(JobError.of("worker_shutdown", "stopping")).type())
                .isEqualTo(JobEventType.RETRYING);
    }

    @Test
    void aControlMessageAddressesOneAttemptOrAllOfThem() {
        JobAttempt attempt = new JobAttempt(command, "worker-1");

        assertThat(attempt.isAddressedBy(command.jobId(), 2)).isTrue();
        assertThat(attempt.isAddressedBy(command.jobId(), 0)).isTrue();
        assertThat(attempt.isAddressedBy(command.jobId(), 1)).isFalse();
        assertThat(attempt.isAddressedBy(java.util.UUID.randomUUID(), 2)).isFalse();
    }
}
