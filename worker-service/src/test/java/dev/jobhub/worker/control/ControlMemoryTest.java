package dev.jobhub.worker.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobControl;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ControlMemoryTest {

    private final AtomicLong now = new AtomicLong();
    private final ControlMemory memory = new ControlMemory(3, Duration.ofHours(1), now::get);
    private final UUID jobId = UUID.randomUUID();

    @Test
    void remembersACancelForItsAttempt() {
        memory.remember(JobControl.of(JobControl.Action.CANCEL, jobId, "alice", 2, "the user cancelled it"));

        assertThat(memory.find(jobId, 2)).contains(
                new ControlMemory.Remembered(JobControl.Action.CANCEL, "the user cancelled it"));
        assertThat(memory.find(jobId, 3)).as("a later attempt (a manual retry) is not cancelled").isEmpty();
        assertThat(memory.find(UUID.randomUUID(), 2)).isEmpty();
    }

    @Test
    void attemptZeroConcernsEveryAttempt() {
        memory.remember(JobControl.of(JobControl.Action.CANCEL, jobId, "alice", 0, "cancel"));

        assertThat(memory.find(jobId, 1)).isPresent();
        assertThat(memory.find(jobId, 7)).isPresent();
    }

    @Test
    void aDropOutranksACancel() {
        memory.remember(JobControl.of(JobControl.Action.DROP, jobId, "alice", 1, "escalated"));
        memory.remember(JobControl.of(JobControl.Action.CANCEL, jobId, "alice", 1, "cancel again"));

        assertThat(memory.find(jobId, 1)).hasValueSatisfying(remembered ->
                assertThat(remembered.action()).isEqualTo(JobControl.Action.DROP));
    }

    @Test
    void forgetsAfterItsTimeToLive() {
        memory.remember(JobControl.of(JobControl.Action.CANCEL, jobId, "alice", 1, "cancel"));

        now.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(memory.find(jobId, 1)).isPresent();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(memory.find(jobId, 1)).isEmpty();
        assertThat(memory.size()).isZero();
    }

    @Test
    void keepsAtMostItsSizeDroppingTheOldest() {
        UUID[] jobs = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (UUID job : jobs) {
            memory.remember(JobControl.of(JobControl.Action.CANCEL, job, "alice", 1, "cancel"));
        }

        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.find(jobs[0], 1)).isEmpty();
        assertThat(memory.find(jobs[3], 1)).isPresent();
    }
}
