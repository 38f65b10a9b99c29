package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.JobType;
import dev.jobhub.model.jobtype.JobTypes;
import dev.jobhub.model.jobtype.PayloadViolation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a command can run here, before it takes a slot: an unknown job type or a payload that breaks
 * its type's rules would fail the same way on every worker and every attempt, so it fails at once and for good
 * (a permanent error: the final {@code job.failed}, not {@code job.retrying}).
 */
@ApplicationScoped
public class JobAdmission {

    public static final String UNKNOWN_JOB_TYPE = "unknown_job_type";
    public static final String INVALID_PAYLOAD = "invalid_payload";

    private final JobHandlers handlers;

    public JobAdmission(JobHandlers handlers) {
        this.handlers = handlers;
    }

    public Admission admit(JobCommand command) {
        Optional<JobHandler> handler = handlers.forType(command.jobType());
        Optional<JobType<?>> type = JobTypes.byName(command.jobType());
        if (handler.isEmpty() || type.isEmpty()) {
            return new Admission.Rejected(command, JobError.permanent(UNKNOWN_JOB_TYPE, "unknown job type '"
                    + command.jobType() + "': this worker runs " + String.join(", ", handlers.types())));
        }
        List<PayloadViolation> violations = type.get().validateJson(command.payload());
        if (!violations.isEmpty()) {
            String detail = violations.stream()
                    .map(violation -> violation.field() + " " + violation.message())
                    .collect(Collectors.joining("; "));
            return new Admission.Rejected(command,
                    JobError.permanent(INVALID_PAYLOAD, "invalid payload: " + detail));
        }
        Object payload = JobJsonCodec.bind(command.payload(), type.get().payloadClass());
        return new Admission.Admitted(command, handler.get(), payload);
    }
}
