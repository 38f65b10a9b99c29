package dev.jobhub.notify.webhook;

import java.time.Instant;

/**
 * What one attempt got: the receiver's status and the start of its body, or why there was no answer.
 *
 * @param statusCode null if the receiver never answered (refused by the egress guard, unreachable, timed out)
 * @param retryAfter the {@code Retry-After} header as sent, if any
 * @param excerpt at most {@link WebhookClient#MAX_EXCERPT_BYTES} of the body, decoded as UTF-8
 * @param error why the attempt failed without an answer, or null
 */
public record WebhookResponse(Integer statusCode, String retryAfter, String excerpt, long durationMs, String error,
        Instant startedAt) {

    static WebhookResponse failed(String error, Instant startedAt) {
        return new WebhookResponse(null, null, null, Math.max(0, Instant.now().toEpochMilli()
                - startedAt.toEpochMilli()), error, startedAt);
    }

    /** Success is a 2xx; a 3xx is a failure (redirects are not followed). */
    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** 410 Gone: the receiver says the endpoint is no more. */
    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
