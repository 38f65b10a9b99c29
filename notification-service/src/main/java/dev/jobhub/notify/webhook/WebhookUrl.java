package dev.jobhub.notify.webhook;

import dev.jobhub.support.problem.ProblemException;
import java.net.URI;
import java.util.Optional;

/**
 * A receiver's URL as the dispatcher dials it. What a webhook URL may be is one rule for the whole platform
 * (service-support {@link dev.jobhub.support.egress.WebhookUrl}: absolute http(s), a host, no user name or password,
 * no fragment, at most 2,048 characters), applied by api-service to a job's {@code webhookUrl} and here to endpoints;
 * this adds what a request needs. Where it may be dialled is the egress guard's question ({@link WebhookEgress}).
 *
 * @param requestUri the path and query the request asks for ({@code /} for none)
 */
public record WebhookUrl(String text, boolean https, String host, int port, String requestUri) {

    public static final int MAX_LENGTH = dev.jobhub.support.egress.WebhookUrl.MAX_LENGTH;

    /** @throws ProblemException 400 naming {@code field}, saying what is wrong */
    public static WebhookUrl parse(String text, String field) {
        try {
            return of(dev.jobhub.support.egress.WebhookUrl.parse(text));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + field + "' " + e.getMessage(), field);
        }
    }

    /** The URL, or empty if it is not acceptable (a per-job webhookUrl that api-service should have refused). */
    public static Optional<WebhookUrl> tryParse(String text) {
        try {
            return Optional.of(of(dev.jobhub.support.egress.WebhookUrl.parse(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static WebhookUrl of(dev.jobhub.support.egress.WebhookUrl checked) {
        URI uri = URI.create(checked.text());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new WebhookUrl(checked.text(), "https".equalsIgnoreCase(uri.getScheme()), checked.host(),
                checked.port(), uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }
}
