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
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.control.JobControls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A command waiting for a slot when a rebalance takes its partition away is dropped (neither started nor
 * acknowledged): the partition's owner after the rebalance runs it, once.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class CommandRevocationTest {

    @Inject
    WorkerPool pool;

    @Inject
    JobControls controls;

    @Inject
    MeterRegistry registry;

    @Test
    void aCommandWaitingForASlotWhenItsPartitionIsRevokedIsLeftToTheNewOwner() {
        WorkerTesting.awaitControlConsumer(controls);
        List<JobCommand> blockers = IntStream.range(0, pool.capacity())
                .mapToObj(i -> JobCommands.sleep(120, 250, null)).toList();
        JobCommand waiting = JobCommands.sleep(1, 10, null);
        String topic = Priority.NORMAL.commandTopic();
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            blockers.forEach(blocker -> TestKafka.produce(topic, blocker.jobId().toString(), blocker));
            await().atMost(TIMEOUT).until(() -> pool.busy() == pool.capacity());
            TestKafka.produce(topic, waiting.jobId().toString(), waiting);
            await().atMost(TIMEOUT).until(() -> pool.waiting() >= 1);
            double revokedBefore = revoked();

            // another member joins the workers' group: the rebalance revokes the worker's partitions
            try (KafkaConsumer<String, byte[]> member = member()) {
                member.subscribe(List.of(topic));
                await().atMost(TIMEOUT).until(() -> {
                    member.poll(Duration.ofMillis(100));
                    return !member.assignment().isEmpty() && revoked() > revokedBefore;
                });
            }
            // the member left without committing: the worker owns every partition again and is given the command
            // anew, which runs once the blockers are cancelled
            blockers.forEach(blocker -> TestKafka.produce(Topics.CONTROL, blocker.jobId().toString(),
                    JobControl.of(JobControl.Action.CANCEL, blocker.jobId(), blocker.userId(), blocker.attempt(),
                            "end of the revocation test")));

            assertThat(awaitOutcome(events, waiting.jobId())).extracting(JobEvent::type)
                    .containsExactly(JobEventType.STARTED, JobEventType.PROGRESS, JobEventType.COMPLETED);
        } finally {
            await().atMost(TIMEOUT).until(() -> pool.busy() == 0);
        }
    }

    private double revoked() {
        Counter counter = registry.find("jobhub.worker.commands").tag("outcome", "revoked").counter();
        return counter == null ? 0 : counter.count();
    }

    private static KafkaConsumer<String, byte[]> member() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, CommandPartitions.GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
