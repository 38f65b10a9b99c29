package dev.jobhub.worker.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The worker against the real Kafka broker of the test run: commands in, job events out. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobExecutionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long FIRST_SEQUENCE = JobCommands.ISSUED_AT_SEQUENCE + 1;

    @Test
    void aSleepJobReportsStartedEveryStepAndItsResult() {
        JobCommand command = JobCommands.sleep(3, 100, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());

            assertThat(jobEvents).extracting(JobEvent::type).containsExactly(JobEventType.STARTED,
                    JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.COMPLETED);
            assertThat(jobEvents).extracting(JobEvent::sequence)
                    .containsExactly(FIRST_SEQUENCE, FIRST_SEQUENCE + 1, FIRST_SEQUENCE + 2, FIRST_SEQUENCE + 3,
                            FIRST_SEQUENCE + 4);
            assertThat(jobEvents.subList(1, 4)).extracting(JobEvent::progress).containsExactly(
                    Progress.of(1, 3, "step 1 of 3"), Progress.of(2, 3, "step 2 of 3"),
                    Progress.of(3, 3, "step 3 of 3"));
            assertThat(jobEvents.subList(1, 4)).extracting(event -> event.progress().percentage())
                    .containsExactly(33.3, 66.7, 100.0);
            JobEvent completed = jobEvents.get(4);
            assertThat(completed.result().get("steps").asInt()).isEqualTo(3);
            assertThat(completed.result().get("sleptMillis").asLong()).isEqualTo(300);
            assertThat(jobEvents).allSatisfy(event -> {
                assertThat(event.attempt()).isEqualTo(command.attempt());
                assertThat(event.userId()).isEqualTo("alice");
                assertThat(event.workerId()).isNotBlank();
            });
            assertThat(jobEvents).extracting(JobEvent::workerId).containsOnly(jobEvents.get(0).workerId());

            List<ConsumerRecord<String, byte[]>> records = events.raw().stream()
                    .filter(record -> command.jobId().toString().equals(record.key()))
                    .toList();
            assertThat(records).hasSize(5).allSatisfy(record -> {
                assertThat(header(record, "ce_id")).isNotBlank();
                assertThat(header(record, "ce_type")).startsWith("job.");
                assertThat(header(record, "ce_source")).isEqualTo("/jobhub/worker-service");
                assertThat(header(record, "ce_subject")).isEqualTo(command.jobId().toString());
            });
            assertThat(records).extracting(record -> header(record, "ce_id"))
                    .containsExactlyElementsOf(jobEvents.stream().map(event -> event.id().toString()).toList());
            assertThat(records).extracting(record -> header(record, "ce_type"))
                    .containsExactly("job.started", "job.progress", "job.progress", "job.progress", "job.completed");
        }
    }

    @Test
    void aSleepJobAskedToFailIsRetryingWithItsMessage() {
        JobCommand command = JobCommands.sleep(5, 50, 2);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());

            // attempt 2 of 3: not the end of the job
            assertThat(jobEvents).extracting(JobEvent::type).containsExactly(JobEventType.STARTED,
                    JobEventType.PROGRESS, JobEventType.RETRYING);
            assertThat(jobEvents).extracting(JobEvent::sequence)
                    .containsExactly(FIRST_SEQUENCE, FIRST_SEQUENCE + 1, FIRST_SEQUENCE + 2);
            JobEvent failed = jobEvents.get(2);
            assertThat(failed.error().code()).isEqualTo("handler_error");
            assertThat(failed.error().message())
                    .isEqualTo("sleep job failed at step 2 of 5, as its payload asked (failAtStep=2)");
        }
    }

    @Test
    void theLastAttemptsFailureIsFinal() {
        JobCommand command = JobCommands.withAttempt(JobCommands.sleep(5, 50, 1), 3, 3);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());

            assertThat(jobEvents).extracting(JobEvent::type)
                    .containsExactly(JobEventType.STARTED, JobEventType.FAILED);
            assertThat(jobEvents.get(1).attempt()).isEqualTo(3);
            assertThat(jobEvents.get(1).error().code()).isEqualTo("handler_error");
        }
    }

    @Test
    void anUnknownJobTypeFailsForGoodWithoutStarting() {
        JobCommand command = JobCommands.command("teleport", JobCommands.sleepPayload(1, 1, null), Priority.HIGH);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.HIGH.commandTopic(), command.jobId().toString(), command);

            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId());

            assertThat(jobEvents).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo(JobEventType.FAILED);
                assertThat(event.sequence()).isEqualTo(FIRST_SEQUENCE);
                assertThat(event.error().code()).isEqualTo("unknown_job_type");
                assertThat(event.error().message()).contains("'teleport'");
                assertThat(event.error().retryable()).as("permanent: on the wire too").isFalse();
            });
        }
    }

    @Test
    void anInvalidPayloadFailsNamingTheFields() {
        JobCommand command = JobCommands.command("sleep", JobCommands.sleepPayload(-1, 10, null), Priority.LOW);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.LOW.commandTopic(), command.jobId().toString(), command);

            // a rebalance between the failure and the commit of its offset delivers the command again, and its
            // failure is sent again with the same (attempt, sequence): every consumer takes that as a duplicate
            // (EventOrder), so what must hold is one outcome, not one record
            List<JobEvent> jobEvents = awaitOutcome(events, command.jobId()).stream()
                    .filter(distinctBy(event -> event.attempt() + "#" + event.sequence())).toList();

            assertThat(jobEvents).singleElement().satisfies(event -> {
                assertThat(event.type()).as("final although attempt 2 of 3").isEqualTo(JobEventType.FAILED);
                assertThat(event.error().code()).isEqualTo("invalid_payload");
                assertThat(event.error().message()).contains("payload.steps");
            });
        }
    }

    @Test
    void jobsRunConcurrently() {
        List<JobCommand> commands = List.of(JobCommands.sleep(5, 200, null), JobCommands.sleep(5, 200, null),
                JobCommands.sleep(5, 200, null), JobCommands.sleep(5, 200, null));
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            commands.forEach(command ->
                    TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command));

            Map<UUID, List<JobEvent>> byJob = commands.stream()
                    .collect(Collectors.toMap(JobCommand::jobId, command -> awaitOutcome(events, command.jobId())));

            assertThat(byJob.values()).allSatisfy(jobEvents ->
                    assertThat(jobEvents.get(jobEvents.size() - 1).type()).isEqualTo(JobEventType.COMPLETED));
            // ordered by the worker's own clock: some job had started before another one completed. Not all four:
            // a rebalance of the workers' group (another test's member leaving) may hold one back for a while
            List<Instant> starts = byJob.values().stream().map(jobEvents -> jobEvents.get(0))
                    .peek(started -> assertThat(started.type()).isEqualTo(JobEventType.STARTED))
                    .map(JobEvent::occurredAt).sorted().toList();
            Instant firstCompletion = byJob.values().stream().map(jobEvents -> jobEvents.get(jobEvents.size() - 1))
                    .map(JobEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
            assertThat(starts.get(1)).as("a second job started while the first ran").isBefore(firstCompletion);
        }
    }

    private static <T> java.util.function.Predicate<T> distinctBy(java.util.function.Function<T, Object> key) {
        java.util.Set<Object> seen = new java.util.HashSet<>();
        return item -> seen.add(key.apply(item));
    }

    @Test
    void aMalformedRecordDoesNotStopLaterCommands() {
        JobCommand command = JobCommands.sleep(1, 10, null);
        String key = command.jobId().toString();
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            // same key, so the same partition: the command is behind the malformed record
            TestKafka.produceRaw(Priority.NORMAL.commandTopic(), key,
                    "{this is not json".getBytes(StandardCharsets.UTF_8));
            TestKafka.produceRaw(Priority.NORMAL.commandTopic(), key, null);

            TestKafka.produce(Priority.NORMAL.commandTopic(), key, command);

            assertThat(awaitOutcome(events, command.jobId())).extracting(JobEvent::type)
                    .containsExactly(JobEventType.STARTED, JobEventType.PROGRESS, JobEventType.COMPLETED);
        }
    }

    @Test
    void aCommandIsCommittedOnceStartedNotWhenItsJobEnds() throws Exception {
        JobCommand command = JobCommands.sleep(10, 500, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS);
                Admin admin = WorkerTesting.admin()) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            await().atMost(TIMEOUT).until(() -> !events.eventsOf(command.jobId()).isEmpty());

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> WorkerTesting.uncommitted(admin, Topics.COMMANDS_NORMAL) == 0);

            assertThat(events.eventsOf(command.jobId())).extracting(JobEvent::type)
                    .as("the command's offset is committed while its job still runs")
                    .doesNotContain(JobEventType.COMPLETED);
            assertThat(awaitOutcome(events, command.jobId())).last().extracting(JobEvent::type)
                    .isEqualTo(JobEventType.COMPLETED);
        }
    }

    @Test
    void readinessReportsTheCommandChannelTheProducerAndTheWorker() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("worker"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.keySet()",
                        hasItems("job-commands-high", "job-commands-normal", "job-commands-low", "job-control",
                                "job-events", "job-heartbeats"))
                .body("checks.find { it.name == 'worker' }.data.concurrency", equalTo(4)));
    }

    @Test
    void metricsCountSlotsAndAttempts() {
        JobCommand command = JobCommands.sleep(1, 1, null);
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            awaitOutcome(events, command.jobId());
        }

        // the outcome is counted before it is published
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("jobhub_worker_slots_capacity 4.0")
                .contains("jobhub_worker_slots_busy")
                .contains("jobhub_worker_slots_waiting")
                .contains("jobhub_worker_jobs_seconds_count{outcome=\"job.completed\",type=\"sleep\"}")
                .contains("jobhub_worker_commands_total{outcome=\"started\"}");
    }

    private static List<JobEvent> awaitOutcome(TopicRecording events, UUID jobId) {
        return WorkerTesting.awaitOutcome(events, jobId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
