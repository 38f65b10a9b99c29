package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.Topics;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The store path when PostgreSQL is away: the record waits, unacknowledged, and is stored when it returns. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobEventNotifierTest {

    private static final String STORE_GROUP = "jobhub-notification-store";

    @Inject
    MeterRegistry meters;

    @Test
    void anEventArrivingWhilePostgresIsDownIsStoredWhenItComesBack() throws Exception {
        String alice = someUser("alice");
        TestJobs job = jobOf(alice);
        TopicPartition partition = partitionOf(job);
        double retriesBefore = retries();

        SharedInfra.get().postgres().stop();
        long recordOffset;
        try (Admin admin = admin()) {
            send(job.completed());
            recordOffset = endOffset(admin, partition) - 1;

            // the consumer has the record and keeps failing to store it...
            await().atMost(Duration.ofSeconds(20)).until(() -> retries() >= retriesBefore + 3);
            // ...and has not committed past it, although the throttled strategy commits every 500 ms in tests
            Thread.sleep(1_500);
            assertThat(committed(admin, partition)).as("committed offset while PostgreSQL is down")
                    .isLessThanOrEqualTo(recordOffset);
        } finally {
            SharedInfra.get().postgres().start();
        }

        NotificationResourceTest.awaitTotal(alice, 1);
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> committed(admin, partition) > recordOffset);
        }
    }

    private double retries() {
        return meters.counter("jobhub.notify.store.retries").count();
    }

    /** The partition the default partitioner picks for the job's key. */
    private static TopicPartition partitionOf(TestJobs job) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(java.util.List.of(Topics.EVENTS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.EVENTS).partitions().size();
            byte[] key = job.id().toString().getBytes(StandardCharsets.UTF_8);
            return new TopicPartition(Topics.EVENTS, Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
    }

    private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .get(10, TimeUnit.SECONDS).offset();
    }

    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(STORE_GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().kafkaBootstrap()));
    }
}
