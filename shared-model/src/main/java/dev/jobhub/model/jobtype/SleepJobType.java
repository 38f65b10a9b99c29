package dev.jobhub.model.jobtype;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@code sleep} job: the platform's test and benchmark job. Zero steps is a no-op job (it completes at
 * once, without progress), which is what a benchmark of the platform's own cost submits.
 */
public final class SleepJobType implements JobType<SleepPayload> {

    public static final String NAME = "sleep";
    static final int MAX_STEPS = 100_000;
    static final long MAX_STEP_MILLIS = 3_600_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SleepPayload> payloadClass() {
        return SleepPayload.class;
    }

    @Override
    public List<PayloadViolation> validate(SleepPayload payload) {
        List<PayloadViolation> violations = new ArrayList<>();
        if (payload.steps() < 0 || payload.steps() > MAX_STEPS) {
            violations.add(new PayloadViolation("payload.steps", "must be between 0 and " + MAX_STEPS));
        }
        if (payload.stepMillis() < 0 || payload.stepMillis() > MAX_STEP_MILLIS) {
            violations.add(new PayloadViolation("payload.stepMillis", "must be between 0 and " + MAX_STEP_MILLIS));
        }
        // a job of 0 steps has no step to fail at
        if (payload.failAtStep() != null && (payload.failAtStep() < 1 || payload.failAtStep() > payload.steps())) {
            violations.add(new PayloadViolation("payload.failAtStep", "must be between 1 and steps"));
        }
        if (payload.failTimes() != null && payload.failTimes() < 1) {
            violations.add(new PayloadViolation("payload.failTimes", "must be at least 1"));
        }
        return violations;
    }
}
