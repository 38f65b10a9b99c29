package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SleepPayload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final JobWatchdog watchdog = new JobWatchdog(Duration.ofMinutes(30), Duration.ofMillis(200));
    private final List<CompletableFuture<Void>> outcomes = new CopyOnWriteArrayList<>();
    private final JobRunner runner = new JobRunner(publisher, registry, stopping::get, Duration.ofSeconds(1),
            watchdog, outcomes::add, Map.of(), 100);
    /** attempt 2 of 3: a failure is retried */
    private final JobCommand command = JobCommands.sleep(2, 1, null);
    private JobAttempt attempt = new JobAttempt(command, "worker-1");

    @Test
    void aReturningHandlerCompletesTheJobWithItsResultAfterItsProgress() {
        attempt.started(); // published by the intake before the job runs: sequence 11

        JobEvent outcome = run(context -> {
            context.progress(Progress.of(1, 2, "half"));
            context.progress(Progress.of(2, 2, "all"));
            return JobJsonCodec.mapper().createObjectNode().put("answer", 42);
        });

        assertThat(publisher.types()).containsExactly(JobEventType.PROGRESS, JobEventType.PROGRESS,
                JobEventType.COMPLETED);
        assertThat(publisher.published()).extracting(JobEvent::sequence).containsExactly(12L, 13L, 14L);
        assertThat(publisher.published().get(1).progress()).isEqualTo(Progress.of(2, 2, "all"));
        assertThat(outcome.result().get("answer").asInt()).isEqualTo(42);
        assertThat(registry.find("jobhub.worker.jobs").tag("outcome", "job.completed").timer().count()).isOne();
    }

    @Test
    void aThrowingHandlerFailsTheJobWithTheExceptionsMessageOnly() {
        JobEvent outcome = run(context -> {
            throw new IllegalStateException("the disk is full");
        });

        assertThat(outcome.type()).as("attempt 2 of 3: another attempt follows").isEqualTo(JobEventType.RETRYING);
        assertThat(outcome.error()).isEqualTo(JobError.of("handler_error", "the disk is full"));
        assertThat(publisher.published()).containsExactly(outcome);
    }

    @Test
    void theLastAttemptsFailureIsFinal() {
        attempt = new JobAttempt(JobCommands.withAttempt(command, 3, 3), "worker-1");

        JobEvent outcome = run(context -> {
            throw new IllegalStateException("the disk is still full");
        });

        assertThat(outcome.type()).isEqualTo(JobEventType.FAILED);
        assertThat(outcome.attempt()).isEqualTo(3);
        assertThat(outcome.error().code()).isEqualTo("handler_error");
    }

    @Test
    void anAttemptOverItsTimeoutIsCancelledAndFailsWithTimeout() {
        attempt = new JobAttempt(JobCommands.withTimeout(command, 100L), "worker-1");

        JobEvent outcome = run(context -> {
            context.cancellation().sleep(Duration.ofSeconds(30));
            return null;
        });

        assertThat(outcome.type()).isEqualTo(JobEventType.RETRYING);
        assertThat(outcome.error()).isEqualTo(JobError.of("timeout", "job exceeded its timeout of 100 ms"));
        assertThat(attempt.token().reason()).startsWith("timeout");
    }

    @Test
    void aHandlerThatIgnoresItsTimeoutIsInterruptedAfterTheGrace() {
        attempt = new JobAttempt(JobCommands.withTimeout(command, 100L), "worker-1");
        long began = System.nanoTime();

        JobEvent outcome = run(context -> {
            // ignores the token: only the interrupt ends this
            Thread.sleep(Duration.ofSeconds(30).toMillis());
            return null;
        });

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(outcome.error().code()).isEqualTo("timeout");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt does not outlive the handler").isFalse();
    }

    @Test
    void aDroppedAttemptPublishesNothingMore() {
        JobEvent outcome = run(context -> {
            context.progress(Progress.of(1, 3, "before the drop"));
            attempt.drop("cancellation not acknowledged in time");
            context.progress(Progress.of(2, 3, "after the drop"));
            return null;
        });

        assertThat(outcome).isNull();
        assertThat(publisher.published()).extracting(event -> event.progress().message())
                .containsExactly("before the drop");
        assertThat(attempt.heartbeat()).isEmpty();
    }

    @Test
    void noHeartbeatOnceTheAttemptHasEnded() {
        assertThat(attempt.heartbeat()).hasValueSatisfying(heartbeat -> {
            assertThat(heartbeat.jobId()).isEqualTo(command.jobId());
            assertThat(heartbeat.attempt()).isEqualTo(command.attempt());
            assertThat(heartbeat.workerId()).isEqualTo("worker-1");
        });

        run(context -> null);

        assertThat(attempt.heartbeat()).isEmpty();
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsClass() {
        JobEvent outcome = run(context -> {
            throw new NullPointerException();
        });

        assertThat(outcome.error()).isEqualTo(JobError.of("handler_error", "NullPointerException"));
    }

    @Test
    void aCancelledJobIsReportedCancelled() {
        JobEvent outcome = run(context -> {
            context.cancellation().cancel("the user cancelled it");
            context.cancellation().throwIfCancelled();
            return null;
        });

        assertThat(outcome.type()).isEqualTo(JobEventType.CANCELLED);
    }

    @Test
    void aJobCutShortByTheWorkersShutdownFailsSoThatItIsRetried() {
        JobEvent outcome = run(context -> {
            stopping.set(true);
            context.cancellation().cancel("the worker is shutting down");
            context.cancellation().sleep(Duration.ofMinutes(1));
            return null;
        });

        assertThat(outcome.type()).isEqualTo(JobEventType.RETRYING);
        assertThat(outcome.error().code()).isEqualTo("worker_shutdown");
        assertThat(outcome.error().isRetryable()).isTrue();
    }

    @Test
    void aHandlerAskingForTheWrongPayloadTypeFailsClearly() {
        JobEvent outcome = run(context -> {
            context.payload(String.class);
            return null;
        });

        assertThat(outcome.error().code()).isEqualTo("handler_error");
        assertThat(outcome.error().message()).contains("SleepPayload").contains("String");
    }

    @Test
    void aProgressTheBrokerDoesNotTakeDoesNotFailTheJob() {
        publisher.refuse(JobEventType.PROGRESS, 1);

        JobEvent outcome = run(context -> {
            context.progress(Progress.of(1, 2, "lost"));
            context.progress(Progress.of(2, 2, "kept"));
            return null;
        });

        assertThat(outcome.type()).isEqualTo(JobEventType.COMPLETED);
        assertThat(publisher.published()).extracting(event -> event.type().wireName())
                .containsExactly("job.progress", "job.completed");
        assertThat(publisher.published().get(0).progress().message()).isEqualTo("kept");
    }

    @Test
    void theOutcomeIsRetriedUntilTheBrokerTakesItWithoutHoldingTheJobsThread() {
        publisher.refuse(JobEventType.COMPLETED, 2);

        JobEvent outcome = run(context -> null);

        assertThat(outcomes).as("handed to the pool, whose shutdown waits for it").singleElement()
                .satisfies(sent -> assertThat(sent).succeedsWithin(Duration.ofSeconds(5)));
        assertThat(publisher.published()).containsExactly(outcome);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private JobEvent run(ThrowingHandler handler) {
        JobHandler jobHandler = new JobHandler() {
            @Override
            public String jobType() {
                return "sleep";
            }

            @Override
            public JsonNode run(JobContext context) throws Exception {
                return handler.run(context);
            }
        };
        return runner.run(attempt, new Admission.Admitted(attempt.command(), jobHandler, new SleepPayload(2, 1, null)));
    }

    @FunctionalInterface
    private interface ThrowingHandler {
        JsonNode run(JobContext context) throws Exception;
    }
}
