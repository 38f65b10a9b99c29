package dev.jobhub.api.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.job.JobSubmission;
import dev.jobhub.api.job.JobSubmissionValidator;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a schedule; every wrong field is named in one 400 answer. The job it will submit is checked by the job
 * submission rules themselves ({@link JobSubmissionValidator}), so a schedule cannot hold a job that a direct
 * submission would refuse.
 */
@ApplicationScoped
public class ScheduleValidator {

    static final int MAX_NAME_LENGTH = 200;

    private static final ObjectMapper MAPPER = JobJsonCodec.mapper();

    private final JobSubmissionValidator submissions;

    public ScheduleValidator(JobSubmissionValidator submissions) {
        this.submissions = submissions;
    }

    /** A schedule whose fields are all valid, with defaults filled in. */
    public record ValidSchedule(String name, CronSchedule cron, ZoneId zone, boolean enabled,
            JobSubmissionValidator.ValidSubmission submission) {
    }

    /**
     * A client's schedule (POST/PATCH /api/schedules): internal job types are refused.
     *
     * @param typeErrors fields that already had the wrong JSON type (answered together with the others)
     */
    ValidSchedule validate(ScheduleDraft draft, List<Problem.FieldError> typeErrors) {
        return validate(draft, typeErrors, JobSubmissionValidator.Origin.CLIENT);
    }

    /** A schedule the platform keeps for a user (e.g. a connection's rebuilds), which may submit internal types. */
    public ValidSchedule validateForPlatform(ScheduleDraft draft) {
        return validate(draft, List.of(), JobSubmissionValidator.Origin.PLATFORM);
    }

    private ValidSchedule validate(ScheduleDraft draft, List<Problem.FieldError> typeErrors,
            JobSubmissionValidator.Origin origin) {
        List<Problem.FieldError> errors = new ArrayList<>(typeErrors);
        if (draft.name() == null || draft.name().isBlank()) {
            errors.add(new Problem.FieldError("name", "is required"));
        } else if (draft.name().length() > MAX_NAME_LENGTH) {
            errors.add(new Problem.FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        CronSchedule cron = null;
        try {
            cron = CronSchedule.parse(draft.cron());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("cron", e.getMessage()));
        }
        String timezone = draft.timezone() == null ? ScheduleDraft.DEFAULT_TIMEZONE : draft.timezone();
        ZoneId zone = null;
        if (ZoneId.getAvailableZoneIds().contains(timezone)) {
            zone = ZoneId.of(timezone);
        } else {
            errors.add(new Problem.FieldError("timezone", "unknown time zone '" + timezone
                    + "'; an IANA zone id such as UTC or Europe/Berlin"));
        }
        JobSubmissionValidator.ValidSubmission submission = null;
        try {
            submission = submissions.validate(submissionOf(draft), origin);
        } catch (ProblemException e) {
            // the job's fields are the schedule's, except that the type is called jobType here
            e.problem().errors().forEach(error -> errors.add(new Problem.FieldError(
                    "type".equals(error.field()) ? "jobType" : error.field(), error.message())));
        }
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? "invalid schedule: '" + errors.get(0).field() + "' " + errors.get(0).message()
                    : "invalid schedule: " + errors.size() + " fields are wrong";
            throw new ProblemException(Problem.invalid(detail, errors));
        }
        return new ValidSchedule(draft.name(), cron, zone, draft.enabled() == null || draft.enabled(), submission);
    }

    /**
     * The submission a firing of {@code schedule} makes, checked as at creation (job types may have changed). A
     * stored schedule of an internal type was created by the platform, so the firing may submit it.
     */
    JobSubmissionValidator.ValidSubmission submissionFor(Schedule schedule) {
        return submissions.validate(submissionOf(ScheduleDraft.of(schedule)), JobSubmissionValidator.Origin.PLATFORM);
    }

    /**
     * Built from JSON rather than the record's constructor, so fields the submission gains later stay at their
     * defaults here instead of breaking this code.
     */
    private static JobSubmission submissionOf(ScheduleDraft draft) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", draft.jobType());
        node.set("payload", draft.payload());
        node.put("priority", draft.priority());
        node.put("maxAttempts", draft.maxAttempts());
        node.put("singletonKey", draft.singletonKey());
        try {
            return MAPPER.treeToValue(node, JobSubmission.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot build a job submission from a schedule", e);
        }
    }
}
