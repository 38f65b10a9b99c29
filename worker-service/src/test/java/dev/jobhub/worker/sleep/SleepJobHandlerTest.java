package dev.jobhub.worker.sleep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SleepPayload;
import dev.jobhub.worker.job.JobCancelledException;
import dev.jobhub.worker.job.JobCommands;
import dev.jobhub.worker.job.RecordingJobContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SleepJobHandlerTest {

    private final SleepJobHandler handler = new SleepJobHandler();

    @Test
    void reportsProgressAfterEveryStepAndReturnsWhatItSlept() throws Exception {
        RecordingJobContext context = contextFor(new SleepPayload(3, 5, null));

        JsonNode result = handler.run(context);

        assertThat(context.progress()).containsExactly(
                Progress.of(1, 3, "step 1 of 3"),
                Progress.of(2, 3, "step 2 of 3"),
                Progress.of(3, 3, "step 3 of 3"));
        assertThat(context.progress()).extracting(Progress::percentage).containsExactly(33.3, 66.7, 100.0);
        assertThat(result.get("steps").asInt()).isEqualTo(3);
        assertThat(result.get("sleptMillis").asLong()).isEqualTo(15);
    }

    @Test
    void failsAtTheStepItsPayloadAsksFor() {
        RecordingJobContext context = contextFor(new SleepPayload(5, 1, 2));

        assertThatThrownBy(() -> handler.run(context))
                .hasMessage("sleep job failed at step 2 of 5, as its payload asked (failAtStep=2)");
        assertThat(context.progress()).containsExactly(Progress.of(1, 5, "step 1 of 5"));
    }

    @Test
    void failsOnlyOnTheFirstFailTimesAttempts() throws Exception {
        SleepPayload payload = new SleepPayload(3, 1, 2, 2);
        // JobCommands' commands are attempt 2 of 3
        RecordingJobContext second = new RecordingJobContext(JobCommands.withAttempt(
                JobCommands.sleep(3, 1, 2), 2, 3), payload);
        RecordingJobContext third = new RecordingJobContext(JobCommands.withAttempt(
                JobCommands.sleep(3, 1, 2), 3, 3), payload);

        assertThatThrownBy(() -> handler.run(second)).hasMessageContaining("failed at step 2 of 3");
        assertThat(handler.run(third).get("steps").asInt()).isEqualTo(3);
        assertThat(third.progress()).hasSize(3);
    }

    @Test
    void stopsBetweenStepsOnceCancelled() {
        RecordingJobContext context = contextFor(new SleepPayload(5, 1, null)).onProgress(ctx -> {
            if (ctx.progress().size() == 2) {
                ctx.cancellation().cancel("the user cancelled it");
            }
        });

        assertThatThrownBy(() -> handler.run(context))
                .isInstanceOf(JobCancelledException.class)
                .hasMessage("the user cancelled it");
        assertThat(context.progress()).hasSize(2);
    }

    @Test
    void aCancellationEndsALongStepAtOnce() {
        RecordingJobContext context = contextFor(new SleepPayload(2, Duration.ofHours(1).toMillis(), null));
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        try {
            canceller.schedule(() -> context.cancellation().cancel("cancelled mid-step"), 100, TimeUnit.MILLISECONDS);

            // generous bound: the step lasts an hour, so only the cancellation can end it this early
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> handler.run(context))
                    .isInstanceOf(JobCancelledException.class));
            assertThat(context.progress()).isEmpty();
        } finally {
            canceller.shutdownNow();
        }
    }

    private static RecordingJobContext contextFor(SleepPayload payload) {
        return new RecordingJobContext(JobCommands.sleep(payload.steps(), payload.stepMillis(), payload.failAtStep()),
                payload);
    }
}
