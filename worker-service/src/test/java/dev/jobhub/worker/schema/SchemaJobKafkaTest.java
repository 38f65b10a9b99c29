package dev.jobhub.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.job.JobCommands;
import dev.jobhub.worker.job.WorkerTesting;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema jobs through the broker, as api-service sends them: commands in, lifecycle events out. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaJobKafkaTest {

    static final String DATABASE = "wk_kafka";
    static final String PASSWORD = "Kafka-Secret-3e8d";

    private static boolean created;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void fixture() {
        SchemaFixtures.ensureApiSchema(dataSource);
        synchronized (SchemaJobKafkaTest.class) {
            if (!created) {
                SchemaFixtures.createDatabase(DATABASE, PASSWORD, """
                        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                        CREATE TABLE invoices (id int PRIMARY KEY, customer_id int REFERENCES customers (id));
                        CREATE INDEX invoices_customer ON invoices (customer_id)""");
                created = true;
            }
        }
    }

    @Test
    void aRebuildCommandReportsProgressByTableAndItsResult() {
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);
        JobCommand command = SchemaFixtures.rebuildCommand(id, false, SchemaFixtures.OWNER);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = WorkerTesting.awaitOutcome(events, command.jobId());

            assertThat(jobEvents).extracting(JobEvent::type).containsExactly(JobEventType.STARTED,
                    JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.COMPLETED);
            assertThat(jobEvents.get(1).progress().message())
                    .isEqualTo("Fetching schema metadata for public.customers…");
            assertThat(jobEvents.get(2).progress().message())
                    .isEqualTo("Fetching schema metadata for public.invoices…");
            assertThat(jobEvents.get(2).progress().percentage()).isEqualTo(100.0);
            SchemaRebuildResult result = JobJsonCodec.bind(jobEvents.get(3).result(), SchemaRebuildResult.class);
            assertThat(result).extracting(SchemaRebuildResult::schemas, SchemaRebuildResult::tables,
                    SchemaRebuildResult::columns, SchemaRebuildResult::indexes, SchemaRebuildResult::foreignKeys,
                    SchemaRebuildResult::unchanged).containsExactly(1, 2, 4L, 3L, 1L, false);
            assertThat(result.fingerprint()).isEqualTo(SchemaFixtures.cached(dataSource, id).fingerprint());
            assertNoPassword(events, command.jobId());
        }
    }

    @Test
    void aFailedIntrospectionIsFinalAndTheWorkerGoesOn() {
        UUID id = SchemaFixtures.register(dataSource, DATABASE, DATABASE, "Wrong-" + PASSWORD);
        JobCommand command = SchemaFixtures.rebuildCommand(id, true, SchemaFixtures.OWNER);
        JobCommand sleep = JobCommands.sleep(1, 10, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = WorkerTesting.awaitOutcome(events, command.jobId());

            assertThat(jobEvents).extracting(JobEvent::type)
                    .as("a wrong password is permanent: no retry although attempt 1 of 3")
                    .containsExactly(JobEventType.STARTED, JobEventType.FAILED);
            assertThat(jobEvents.get(1).error().code()).isEqualTo("auth_failed");
            assertThat(jobEvents.get(1).error().retryable()).isFalse();
            assertNoPassword(events, command.jobId());

            TestKafka.produce(Priority.NORMAL.commandTopic(), sleep.jobId().toString(), sleep);
            assertThat(WorkerTesting.awaitOutcome(events, sleep.jobId())).last().extracting(JobEvent::type)
                    .isEqualTo(JobEventType.COMPLETED);
        }
    }

    /** Neither the password nor its sealed form is in any record of the job (nor would it be in the command). */
    private static void assertNoPassword(TopicRecording events, UUID jobId) {
        assertThat(events.raw()).filteredOn(record -> jobId.toString().equals(record.key()))
                .isNotEmpty()
                .allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .doesNotContain(PASSWORD));
    }
}
