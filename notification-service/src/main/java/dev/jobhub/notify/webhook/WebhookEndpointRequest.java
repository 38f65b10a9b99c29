package dev.jobhub.notify.webhook;

import dev.jobhub.support.problem.ProblemException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/webhooks} and {@code PUT /api/webhooks/{id}}:
 * {@code {url, eventTypes, jobTypes?, description?, active?, rateLimit?}}.
 */
public record WebhookEndpointRequest(String url, List<String> eventTypes, List<String> jobTypes, String description,
        Boolean active, Integer rateLimit) {

    static final int MAX_DESCRIPTION = 500;
    static final int MAX_JOB_TYPES = 50;
    static final int MAX_JOB_TYPE_LENGTH = 100;

    /**
     * The request checked, field by field, without resolving the URL.
     *
     * @throws ProblemException 400 naming the first field that is wrong
     */
    Valid validate(int maxRateLimit) {
        WebhookUrl parsed = WebhookUrl.parse(url, "url");
        Set<WebhookEventType> types = WebhookEventType.parseSubscription(eventTypes, "eventTypes");
        List<String> jobs = null;
        if (jobTypes != null) {
            if (jobTypes.isEmpty() || jobTypes.size() > MAX_JOB_TYPES) {
                throw ProblemException.badRequest("jobTypes must list 1 to " + MAX_JOB_TYPES
                        + " job types, or be left out for all", "jobTypes");
            }
            Set<String> distinct = new LinkedHashSet<>();
            for (String jobType : jobTypes) {
                if (jobType == null || jobType.isBlank() || jobType.length() > MAX_JOB_TYPE_LENGTH) {
                    throw ProblemException.badRequest("each job type must be 1 to " + MAX_JOB_TYPE_LENGTH
                            + " characters", "jobTypes");
                }
                distinct.add(jobType);
            }
            jobs = List.copyOf(distinct);
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ProblemException.badRequest("description must be at most " + MAX_DESCRIPTION + " characters",
                    "description");
        }
        if (rateLimit != null && (rateLimit < 1 || rateLimit > maxRateLimit)) {
            throw ProblemException.badRequest("rateLimit must be between 1 and " + maxRateLimit
                    + " deliveries per second", "rateLimit");
        }
        return new Valid(parsed, types.stream().map(WebhookEventType::wireName).toList(), jobs,
                description == null ? "" : description, active == null || active, rateLimit);
    }

    /** A request that passed {@link #validate}. */
    record Valid(WebhookUrl url, List<String> eventTypes, List<String> jobTypes, String description, boolean active,
            Integer rateLimit) {
    }
}
