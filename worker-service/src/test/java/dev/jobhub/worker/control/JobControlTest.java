package dev.jobhub.worker.control;

import static dev.jobhub.worker.job.WorkerTesting.TIMEOUT;
import static dev.jobhub.worker.job.WorkerTesting.awaitOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.job.JobCommands;
import dev.jobhub.worker.job.WorkerPool;
import dev.jobhub.worker.job.WorkerTesting;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel and drop on jobs.control, against the real broker. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobControlTest {

    private static final long FIRST_SEQUENCE = JobCommands.ISSUED_AT_SEQUENCE + 1;

    @Inject
    JobControls controls;

    @Inject
    WorkerPool pool;

    @BeforeEach
    void controlConsumerReads() {
        WorkerTesting.awaitControlConsumer(controls);
    }

    @Test
    void aCancelledJobStopsAtItsNextStepAndEndsCancelled() {
        JobCommand command = JobCommands.sleep(10, 300, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            await().atMost(TIMEOUT).until(() -> progressOf(events, command).size() >= 2);

            control(JobControl.Action.CANCEL, command, "the user cancelled it");
            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());

            JobEvent last = jobEvents.get(jobEvents.size() - 1);
            assertThat(last.type()).isEqualTo(JobEventType.CANCELLED);
            assertThat(last.attempt()).isEqualTo(command.attempt());
            assertThat(last.sequence()).isEqualTo(FIRST_SEQUENCE + jobEvents.size() - 1);
            assertThat(jobEvents).extracting(JobEvent::type).doesNotContain(JobEventType.COMPLETED);
            assertThat(progressOf(events, command)).hasSizeBetween(2, 9);
        }
    }

    @Test
    void aCommandCancelledBeforeItArrivesIsNotStarted() {
        JobCommand command = JobCommands.sleep(3, 100, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            control(JobControl.Action.CANCEL, command, "cancelled while queued");
            await().atMost(TIMEOUT).until(() -> controls.remembered(command).isPresent());

            TestKafka.produce(Priority.HIGH.commandTopic(), command.jobId().toString(), command);

            assertThat(awaitOutcome(events, command.jobId())).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo(JobEventType.CANCELLED);
                assertThat(event.sequence()).isEqualTo(FIRST_SEQUENCE);
                assertThat(event.attempt()).isEqualTo(command.attempt());
            });
        }
    }

    @Test
    void aDroppedJobPublishesNothingMore() {
        JobCommand command = JobCommands.sleep(10, 300, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            await().atMost(TIMEOUT).until(() -> progressOf(events, command).size() >= 2);

            control(JobControl.Action.DROP, command, "cancellation not acknowledged in time");
            await().atMost(TIMEOUT).until(() -> pool.running(command.jobId(), command.attempt()).isEmpty());
            int published = events.eventsOf(command.jobId()).size();

            // the job had ~8 steps (2.4 s) to go: nothing of them, and no outcome, ever shows
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> events.eventsOf(command.jobId()).size() == published);
            assertThat(events.eventsOf(command.jobId())).noneMatch(WorkerTesting::endsAttempt);
            assertThat(progressOf(events, command)).hasSizeLessThan(10);
        }
    }

    private static void control(JobControl.Action action, JobCommand command, String reason) {
        TestKafka.produce(Topics.CONTROL, command.jobId().toString(),
                JobControl.of(action, command.jobId(), command.userId(), command.attempt(), reason));
    }

    private static List<JobEvent> progressOf(TopicRecording events, JobCommand command) {
        return events.eventsOf(command.jobId()).stream()
                .filter(event -> event.type() == JobEventType.PROGRESS)
                .toList();
    }
}
