package dev.jobhub.worker.job;

import static dev.jobhub.worker.job.WorkerTesting.awaitOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command's timeoutMs, enforced by the worker against the real broker. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobTimeoutTest {

    @Test
    void anAttemptOverItsTimeoutFailsWithTimeoutAndIsRetried() {
        JobCommand command = timedSleep(1, 3);

        List<JobEvent> jobEvents = run(command);

        JobEvent last = jobEvents.get(jobEvents.size() - 1);
        assertThat(last.type()).isEqualTo(JobEventType.RETRYING);
        assertThat(last.attempt()).isEqualTo(1);
        assertThat(last.error().code()).isEqualTo("timeout");
        assertThat(last.error().message()).isEqualTo("job exceeded its timeout of 300 ms");
        assertThat(jobEvents).extracting(JobEvent::type).doesNotContain(JobEventType.COMPLETED)
                .filteredOn(type -> type == JobEventType.PROGRESS).hasSizeLessThan(5);
    }

    @Test
    void theLastAttemptOverItsTimeoutFailsTheJob() {
        JobCommand command = timedSleep(1, 1);

        List<JobEvent> jobEvents = run(command);

        JobEvent last = jobEvents.get(jobEvents.size() - 1);
        assertThat(last.type()).isEqualTo(JobEventType.FAILED);
        assertThat(last.error().code()).isEqualTo("timeout");
    }

    /** 5 steps of 200 ms with a 300 ms timeout, as attempt {@code attempt} of {@code maxAttempts}. */
    private static JobCommand timedSleep(int attempt, int maxAttempts) {
        return JobCommands.withTimeout(JobCommands.withAttempt(JobCommands.sleep(5, 200, null), attempt, maxAttempts),
                300L);
    }

    private static List<JobEvent> run(JobCommand command) {
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            return awaitOutcome(events, command.jobId());
        }
    }
}
