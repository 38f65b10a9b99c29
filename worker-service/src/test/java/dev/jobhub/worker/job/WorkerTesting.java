package dev.jobhub.worker.job;

import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.control.JobControls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the worker's integration tests share: waiting for an attempt's outcome, reading heartbeats, control. */
public final class WorkerTesting {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private WorkerTesting() {
    }

    /** An event that ends an attempt: completed, failed, cancelled, or retrying (the attempt failed, another follows). */
    public static boolean endsAttempt(JobEvent event) {
        return event.type().isTerminal() || event.type() == JobEventType.RETRYING;
    }

    /** The events of a job once the outcome of its attempt arrived, in the order published. */
    public static List<JobEvent> awaitOutcome(TopicRecording events, UUID jobId) {
        await().atMost(TIMEOUT).until(() -> events.eventsOf(jobId).stream().anyMatch(WorkerTesting::endsAttempt));
        return events.eventsOf(jobId);
    }

    /** The heartbeats of one job in a recording of {@code jobs.heartbeats}. */
    public static List<JobHeartbeat> heartbeatsOf(TopicRecording heartbeats, UUID jobId) {
        return heartbeats.raw().stream()
                .filter(record -> jobId.toString().equals(record.key()))
                .map(record -> JobJsonCodec.fromBytes(record.value(), JobHeartbeat.class))
                .toList();
    }

    /**
     * Returns once this worker's control consumer reads {@code jobs.control}: it starts at the end of the topic once
     * its partition is assigned, so a control message sent before would be missed. Probes with cancellations of jobs
     * that do not exist until one is remembered.
     */
    public static void awaitControlConsumer(JobControls controls) {
        List<UUID> probes = new CopyOnWriteArrayList<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (probes.stream().anyMatch(probe -> controls.remembered(probe, 1).isPresent())) {
                return true;
            }
            UUID probe = UUID.randomUUID();
            probes.add(probe);
            TestKafka.produce(Topics.CONTROL, probe.toString(),
                    JobControl.of(JobControl.Action.CANCEL, probe, "probe", 1, "probe"));
            return false;
        });
    }

    /** An admin client of the test run's broker; close it. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().kafkaBootstrap()));
    }

    /** Records of the topic not yet committed by the workers' group. */
    public static long uncommitted(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(CommandPartitions.GROUP)
                .partitionsToOffsetAndMetadata().get();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        var ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()))).all().get();
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }
}
