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

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo(JobError.of("handler_error", "boom"));
        assertThat(failed.sequence()).isEqualTo(JobCommands.ISSUED_AT_SEQUENCE + 1);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.sequence()).isEqualTo(JobCommands.ISSUED_AT_SEQUENCE + 2);
    }
}
