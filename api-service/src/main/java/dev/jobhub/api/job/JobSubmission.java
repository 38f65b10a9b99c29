package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/jobs} (and of each element of a batch). Priority, {@code runAt} and {@code backoff} stay
 * loosely typed here so that a wrong value is answered with a problem naming the field (e.g. {@code backoff.type})
 * rather than a generic JSON error.
 *
 * @param runAt        ISO-8601 instant before which the job must not start (not with {@code delayMs})
 * @param delayMs      milliseconds from now before which the job must not start (not with {@code runAt})
 * @param backoff      retry policy {@code {type: exponential|fixed, delayMs, maxDelayMs}}
 * @param timeoutMs    how long one attempt may run
 * @param singletonKey at most one unfinished job per (type, singletonKey)
 * @param webhookUrl   where notification-service delivers the job's completion or failure (http or https, through
 *                     the egress guard); null for none
 */
public record JobSubmission(String type, JsonNode payload, String priority, Integer maxAttempts, String runAt,
        Long delayMs, JsonNode backoff, Long timeoutMs, String singletonKey, String webhookUrl) {

    /** A plain submission: immediate, default retry policy and timeout, no singleton key, no webhook. */
    public JobSubmission(String type, JsonNode payload, String priority, Integer maxAttempts) {
        this(type, payload, priority, maxAttempts, null, null, null, null, null, null);
    }
}
