package dev.jobhub.worker.control;

import dev.jobhub.model.JobControl;
import dev.jobhub.model.JobJsonCodec;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code jobs.control} in a consumer group of this instance's own (every instance sees every control message,
 * from the end of the topic on: what was sent before this instance started concerns attempts it does not run).
 * Handling a message only flips tokens and a map, so it runs on the connector's thread.
 */
@ApplicationScoped
public class ControlIntake {

    public static final String CHANNEL = "job-control";

    private final JobControls controls;

    public ControlIntake(JobControls controls) {
        this.controls = controls;
    }

    @Incoming(CHANNEL)
    public void onControl(byte[] value) {
        JobControl control;
        try {
            control = decode(value);
        } catch (IllegalArgumentException e) {
            // never blocks the topic: a record that is not a control message is skipped
            Log.warnf("skipping a record on jobs.control: %s", e.getMessage());
            return;
        }
        try {
            controls.handle(control);
        } catch (RuntimeException e) {
            // a failed method would nack the record and stop the channel: later controls matter more
            Log.errorf(e, "could not apply %s of job %s", control.action().wireName(), control.jobId());
        }
    }

    /** @throws IllegalArgumentException if the record is not a control message this worker can act on */
    static JobControl decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        JobControl control = JobJsonCodec.fromBytes(value, JobControl.class);
        if (control.jobId() == null || control.action() == null) {
            throw new IllegalArgumentException("a control message needs a jobId and an action");
        }
        return control;
    }
}
