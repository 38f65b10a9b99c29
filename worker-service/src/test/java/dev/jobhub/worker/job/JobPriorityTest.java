package dev.jobhub.worker.job;

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
import dev.jobhub.worker.control.JobControls;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Priority under a backlog, against the real broker: commands on the three topics wait for the one free slot and
 * start high, normal, low. The test worker has 4 slots (the one Quarkus app of the test run); three long blocker jobs
 * hold three of them throughout, so the worker runs the backlog as a single-slot worker would.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobPriorityTest {

    @Inject
    WorkerPool pool;

    @Inject
    JobControls controls;

    @Test
    void underABacklogHighStartsBeforeNormalBeforeLow() {
        WorkerTesting.awaitControlConsumer(controls);
        List<JobCommand> blockers = List.of(JobCommands.sleep(60, 250, null), JobCommands.sleep(60, 250, null),
                JobCommands.sleep(60, 250, null));
        assertThat(pool.capacity()).as("blockers + the long job fill the worker").isEqualTo(blockers.size() + 1);
        JobCommand longJob = JobCommands.sleep(8, 500, null);
        Map<String, JobCommand> backlog = new LinkedHashMap<>();
        backlog.put("L1", JobCommands.sleep(2, 100, null, Priority.LOW));
        backlog.put("L2", JobCommands.sleep(2, 100, null, Priority.LOW));
        backlog.put("N1", JobCommands.sleep(2, 100, null, Priority.NORMAL));
        backlog.put("N2", JobCommands.sleep(2, 100, null, Priority.NORMAL));
        backlog.put("H1", JobCommands.sleep(2, 100, null, Priority.HIGH));
        backlog.put("H2", JobCommands.sleep(2, 100, null, Priority.HIGH));
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            blockers.forEach(JobPriorityTest::produce);
            produce(longJob);
            await().atMost(TIMEOUT).until(() -> pool.busy() == pool.capacity()
                    && !events.eventsOf(longJob.jobId()).isEmpty());

            // produced lowest first: arrival order would give the opposite of what is expected
            backlog.values().forEach(JobPriorityTest::produce);

            // every channel holds (a batch with) its first command, waiting for the slot, while the long job runs
            await().atMost(TIMEOUT).until(() -> pool.waiting() >= 3);
            assertThat(events.eventsOf(longJob.jobId())).as("the long job still holds the slot")
                    .noneMatch(WorkerTesting::endsAttempt);

            backlog.values().forEach(command -> assertThat(awaitOutcome(events, command.jobId()))
                    .last().extracting(JobEvent::type).isEqualTo(JobEventType.COMPLETED));
            List<String> startOrder = backlog.entrySet().stream()
                    .sorted(Comparator.comparing(entry -> startedAt(events, entry.getValue().jobId())))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(startOrder).containsExactly("H1", "H2", "N1", "N2", "L1", "L2");
            List<JobEvent> longEvents = events.eventsOf(longJob.jobId());
            assertThat(startedAt(events, backlog.get("H1").jobId()))
                    .isAfterOrEqualTo(longEvents.get(longEvents.size() - 1).occurredAt());
            assertThat(blockers).allSatisfy(blocker -> assertThat(events.eventsOf(blocker.jobId()))
                    .as("the blockers held their slots throughout").noneMatch(WorkerTesting::endsAttempt));
        } finally {
            blockers.forEach(blocker -> TestKafka.produce(Topics.CONTROL, blocker.jobId().toString(),
                    JobControl.of(JobControl.Action.CANCEL, blocker.jobId(), blocker.userId(), blocker.attempt(),
                            "end of the priority test")));
            await().atMost(TIMEOUT).until(() -> pool.busy() == 0);
        }
    }

    private static void produce(JobCommand command) {
        TestKafka.produce(command.priority().commandTopic(), command.jobId().toString(), command);
    }

    private static Instant startedAt(TopicRecording events, UUID jobId) {
        return events.eventsOf(jobId).stream().filter(event -> event.type() == JobEventType.STARTED)
                .findFirst().orElseThrow().occurredAt();
    }
}
