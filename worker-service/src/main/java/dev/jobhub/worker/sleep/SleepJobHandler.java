package dev.jobhub.worker.sleep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SleepJobType;
import dev.jobhub.model.jobtype.SleepPayload;
import dev.jobhub.worker.job.JobContext;
import dev.jobhub.worker.job.JobHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The built-in {@code sleep} job, the platform's test and benchmark job: {@code steps} steps of {@code stepMillis}
 * each, progress after every step, and on request a failure at step {@code failAtStep} (on every attempt, or only
 * on the first {@code failTimes} attempts, so that a retried job can succeed). It waits through the
 * cancellation token, so a cancelled sleep ends at once, not at the end of its step.
 */
@ApplicationScoped
public class SleepJobHandler implements JobHandler {

    @Override
    public String jobType() {
        return SleepJobType.NAME;
    }

    @Override
    public JsonNode run(JobContext context) throws InterruptedException {
        SleepPayload payload = context.payload(SleepPayload.class);
        int steps = payload.steps();
        int attempt = context.command().attempt();
        long slept = 0;
        for (int step = 1; step <= steps; step++) {
            context.cancellation().sleep(Duration.ofMillis(payload.stepMillis()));
            slept += payload.stepMillis();
            if (payload.failsOnAttempt(attempt) && step == payload.failAtStep()) {
                throw new SleepFailedException(String.format(
                        "sleep job failed at step %d of %d, as its payload asked (failAtStep=%d)",
                        step, steps, payload.failAtStep()));
            }
            context.progress(Progress.of(step, steps, "step " + step + " of " + steps));
        }
        return JobJsonCodec.mapper().createObjectNode()
                .put("steps", steps)
                .put("sleptMillis", slept);
    }

    /** The failure a sleep job was asked for. */
    static final class SleepFailedException extends RuntimeException {
        SleepFailedException(String message) {
            super(message);
        }
    }
}
