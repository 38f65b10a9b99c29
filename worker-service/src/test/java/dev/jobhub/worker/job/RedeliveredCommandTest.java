package dev.jobhub.worker.job;

import static dev.jobhub.worker.job.WorkerTesting.TIMEOUT;
import static dev.jobhub.worker.job.WorkerTesting.awaitOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A command delivered again (a worker crashed before its offset was committed, a rebalance, a producer retry) after
 * its attempt ran: the attempt is fenced, so it does not run a second time.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class RedeliveredCommandTest {

    @Test
    void theSameCommandDeliveredAgainAfterItsAttemptCompletedDoesNotRunAgain() throws Exception {
        JobCommand command = JobCommands.sleep(1, 10, null);
        String topic = Priority.NORMAL.commandTopic();
        try (TopicRecording events = TestKafka.record(Topics.EVENTS); Admin admin = WorkerTesting.admin()) {
            TestKafka.produce(topic, command.jobId().toString(), command);
            assertThat(awaitOutcome(events, command.jobId())).last().extracting(JobEvent::type)
                    .isEqualTo(JobEventType.COMPLETED);

            TestKafka.produce(topic, command.jobId().toString(), command);

            // taken and committed: a command that ran would have published job.started before that
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> WorkerTesting.uncommitted(admin, topic) == 0);
            Thread.sleep(500);
            assertThat(events.eventsOf(command.jobId())).extracting(JobEvent::type)
                    .as("one run of the attempt").containsExactly(JobEventType.STARTED, JobEventType.PROGRESS,
                            JobEventType.COMPLETED);
        }
    }
}
