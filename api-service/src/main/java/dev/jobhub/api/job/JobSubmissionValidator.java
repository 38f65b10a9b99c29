package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.jobtype.JobType;
import dev.jobhub.model.jobtype.JobTypes;
import dev.jobhub.support.egress.WebhookUrl;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Checks a submission before anything is written; every wrong field is named in one 400 answer. */
@ApplicationScoped
public class JobSubmissionValidator {

    /** The longest a job may be delayed: beyond that it is a schedule's business, not a job's. */
    static final Duration MAX_DELAY = Duration.ofDays(366);
    static final long MAX_TIMEOUT_MS = Duration.ofHours(24).toMillis();
    static final long MAX_BACKOFF_MS = Duration.ofHours(24).toMillis();
    static final long DEFAULT_BACKOFF_DELAY_MS = 1_000;
    static final long DEFAULT_BACKOFF_MAX_DELAY_MS = 3_600_000;
    static final int MAX_SINGLETON_KEY_LENGTH = 255;

    private final int defaultMaxAttempts;
    private final int maxAttemptsLimit;
    private final Duration runAtTolerance;

    public JobSubmissionValidator(
            @ConfigProperty(name = "jobhub.jobs.default-max-attempts") int defaultMaxAttempts,
            @ConfigProperty(name = "jobhub.jobs.max-attempts-limit") int maxAttemptsLimit,
            @ConfigProperty(name = "jobhub.jobs.run-at-tolerance") Duration runAtTolerance) {
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.maxAttemptsLimit = maxAttemptsLimit;
        this.runAtTolerance = runAtTolerance;
    }

    /**
     * A submission whose fields are all valid, with defaults filled in.
     *
     * @param runAt      when a delayed job is due; null for a job that may run now
     * @param backoff    normalised {@code {type, delayMs, maxDelayMs}}, or null for the platform's default policy
     * @param timeoutMs  null for the configured default ({@code jobhub.jobs.default-timeout}), filled in at submission
     * @param scheduleId the schedule that created the job, if any
     * @param webhookUrl the per-job webhook, well-formed; whether it may be dialled is {@link JobWebhooks}' question
     */
    public record ValidSubmission(JobSubmission submission, Priority priority, int maxAttempts, Instant runAt,
            JsonNode backoff, Long timeoutMs, String singletonKey, UUID scheduleId, WebhookUrl webhookUrl) {

        /** An immediate job with the default retry policy and timeout (what a plain submission amounts to). */
        public ValidSubmission(JobSubmission submission, Priority priority, int maxAttempts) {
            this(submission, priority, maxAttempts, null, null, null, null, null, null);
        }

        public ValidSubmission withScheduleId(UUID id) {
            return new ValidSubmission(submission, priority, maxAttempts, runAt, backoff, timeoutMs, singletonKey, id,
                    webhookUrl);
        }

        public boolean isDelayed() {
            return runAt != null;
        }
    }

    /** Who hands a submission in, which decides whether internal job types ({@link JobType#internal()}) pass. */
    public enum Origin {
        /** A client through a generic endpoint (POST /api/jobs, the batch, a schedule it writes): no internal types. */
        CLIENT,
        /** The platform itself: an endpoint that checked what an internal type needs, or a schedule firing. */
        PLATFORM
    }

    /** A client's submission through a generic endpoint: internal job types are refused. */
    public ValidSubmission validate(JobSubmission submission) {
        return validate(submission, Origin.CLIENT);
    }

    public ValidSubmission validate(JobSubmission submission, Origin origin) {
        if (submission == null) {
            throw new ProblemException(Problem.invalid("a JSON body is required", List.of()));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        ValidSubmission valid = check(submission, "", now(), origin, errors);
        if (!errors.isEmpty()) {
            throw invalid("invalid job submission", errors);
        }
        return valid;
    }

    /**
     * A platform submission whose payload is made of a request's own fields (an internal job type's endpoint): the
     * errors name those fields as the request does, {@code chunkSize} rather than {@code payload.chunkSize}.
     */
    public ValidSubmission validateRequestFields(JobSubmission submission) {
        try {
            return validate(submission, Origin.PLATFORM);
        } catch (ProblemException e) {
            List<Problem.FieldError> errors = e.problem().errors().stream()
                    .map(error -> new Problem.FieldError(error.field().replaceFirst("^payload\\.", ""),
                            error.message()))
                    .toList();
            throw new ProblemException(Problem.invalid(e.problem().detail().replace("'payload.", "'"), errors));
        }
    }

    /** The submission time, to the millisecond: due times are stored and shown as such. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One 400 problem for all the fields in {@code errors}, naming the first in its detail. */
    static ProblemException invalid(String what, List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? what + ": '" + errors.get(0).field() + "' " + errors.get(0).message()
                : what + ": " + errors.size() + " fields are wrong, the first '" + errors.get(0).field() + "' "
                        + errors.get(0).message();
        return new ProblemException(Problem.invalid(detail, errors));
    }

    /**
     * Checks one submission, adding what is wrong to {@code errors} with field names prefixed by {@code prefix}
     * (e.g. {@code jobs[3].}); returns null if anything was wrong.
     */
    ValidSubmission check(JobSubmission submission, String prefix, Instant now, Origin origin,
            List<Problem.FieldError> errors) {
        int before = errors.size();
        JobType<?> type = JobTypes.byName(submission.type()).orElse(null);
        if (submission.type() == null || submission.type().isBlank()) {
            errors.add(error(prefix, "type", "is required; one of " + JobTypes.names()));
        } else if (type == null) {
            errors.add(error(prefix, "type", "unknown job type '" + submission.type() + "'; one of "
                    + JobTypes.names()));
        } else if (type.internal() && origin == Origin.CLIENT) {
            // such a type needs checks only its own endpoint makes (e.g. that a connection is the caller's)
            errors.add(error(prefix, "type", "'" + type.name() + "' jobs are submitted through "
                    + type.submittedThrough()));
            return null;
        }
        if (submission.payload() == null || !submission.payload().isObject()) {
            errors.add(error(prefix, "payload", "is required and must be a JSON object"));
        } else if (type != null) {
            type.validateJson(submission.payload())
                    .forEach(violation -> errors.add(error(prefix, violation.field(), violation.message())));
        }
        Priority priority = Priority.NORMAL;
        if (submission.priority() != null) {
            try {
                priority = Priority.fromWire(submission.priority());
            } catch (IllegalArgumentException e) {
                errors.add(error(prefix, "priority", e.getMessage()));
            }
        }
        int maxAttempts = submission.maxAttempts() == null ? defaultMaxAttempts : submission.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > maxAttemptsLimit) {
            errors.add(error(prefix, "maxAttempts", "must be between 1 and " + maxAttemptsLimit));
        }
        Instant runAt = runAt(submission, prefix, now, errors);
        JsonNode backoff = backoff(submission.backoff(), prefix, errors);
        Long timeoutMs = submission.timeoutMs();
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
            errors.add(error(prefix, "timeoutMs", "must be between 1 and " + MAX_TIMEOUT_MS + " (24 h)"));
        }
        String singletonKey = submission.singletonKey();
        if (singletonKey != null && (singletonKey.isBlank() || singletonKey.length() > MAX_SINGLETON_KEY_LENGTH)) {
            errors.add(error(prefix, "singletonKey", "must be 1 to " + MAX_SINGLETON_KEY_LENGTH + " characters"));
        }
        WebhookUrl webhookUrl = null;
        if (submission.webhookUrl() != null) {
            try {
                webhookUrl = WebhookUrl.parse(submission.webhookUrl());
            } catch (IllegalArgumentException e) {
                errors.add(error(prefix, "webhookUrl", e.getMessage()));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new ValidSubmission(submission, priority, maxAttempts, runAt, backoff, timeoutMs, singletonKey, null,
                webhookUrl);
    }

    /** The due time of a delayed job, or null if it may run now (no delay, a zero delay, or a runAt just past). */
    private Instant runAt(JobSubmission submission, String prefix, Instant now, List<Problem.FieldError> errors) {
        if (submission.runAt() != null && submission.delayMs() != null) {
            errors.add(error(prefix, "delayMs", "cannot be combined with runAt; give one of them"));
            return null;
        }
        Instant latest = now.plus(MAX_DELAY);
        if (submission.delayMs() != null) {
            long delayMs = submission.delayMs();
            if (delayMs < 0 || delayMs > MAX_DELAY.toMillis()) {
                errors.add(error(prefix, "delayMs", "must be between 0 and " + MAX_DELAY.toMillis()));
                return null;
            }
            return delayMs == 0 ? null : now.plusMillis(delayMs);
        }
        if (submission.runAt() == null) {
            return null;
        }
        Instant runAt;
        try {
            runAt = Instant.parse(submission.runAt());
        } catch (DateTimeParseException e) {
            errors.add(error(prefix, "runAt", "must be an ISO-8601 instant such as 2030-01-01T02:00:00Z"));
            return null;
        }
        if (runAt.isBefore(now.minus(runAtTolerance))) {
            errors.add(error(prefix, "runAt", "is in the past (more than " + runAtTolerance.toSeconds()
                    + " s before now)"));
            return null;
        }
        if (runAt.isAfter(latest)) {
            errors.add(error(prefix, "runAt", "is more than " + MAX_DELAY.toDays() + " days ahead"));
            return null;
        }
        // a runAt within the tolerance of now is a job for now (clocks of clients differ a little)
        return runAt.isAfter(now) ? runAt.truncatedTo(ChronoUnit.MILLIS) : null;
    }

    /** Normalises a retry policy to {type, delayMs, maxDelayMs}, with defaults for what is left out. */
    private static JsonNode backoff(JsonNode backoff, String prefix, List<Problem.FieldError> errors) {
        if (backoff == null || backoff.isNull()) {
            return null;
        }
        if (!backoff.isObject()) {
            errors.add(error(prefix, "backoff", "must be an object {type, delayMs, maxDelayMs}"));
            return null;
        }
        int before = errors.size();
        String type = "exponential";
        JsonNode typeNode = backoff.get("type");
        if (typeNode != null && !typeNode.isNull()) {
            if (typeNode.isTextual() && (typeNode.asText().equals("exponential") || typeNode.asText().equals("fixed"))) {
                type = typeNode.asText();
            } else {
                errors.add(error(prefix, "backoff.type", "must be exponential or fixed"));
            }
        }
        long delayMs = millis(backoff, "delayMs", DEFAULT_BACKOFF_DELAY_MS, prefix, errors);
        long maxDelayMs = millis(backoff, "maxDelayMs", Math.max(DEFAULT_BACKOFF_MAX_DELAY_MS, delayMs), prefix,
                errors);
        if (errors.size() == before && maxDelayMs < delayMs) {
            errors.add(error(prefix, "backoff.maxDelayMs", "must not be less than backoff.delayMs"));
        }
        if (errors.size() > before) {
            return null;
        }
        ObjectNode normalised = JobJsonCodec.mapper().createObjectNode();
        normalised.put("type", type).put("delayMs", delayMs).put("maxDelayMs", maxDelayMs);
        return normalised;
    }

    private static long millis(JsonNode backoff, String name, long defaultValue, String prefix,
            List<Problem.FieldError> errors) {
        JsonNode value = backoff.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < 0 || value.asLong() > MAX_BACKOFF_MS) {
            errors.add(error(prefix, "backoff." + name, "must be an integer between 0 and " + MAX_BACKOFF_MS));
            return defaultValue;
        }
        return value.asLong();
    }

    private static Problem.FieldError error(String prefix, String field, String message) {
        return new Problem.FieldError(prefix + field, message);
    }
}
