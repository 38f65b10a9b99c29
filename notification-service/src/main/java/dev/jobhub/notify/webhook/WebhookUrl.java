package dev.jobhub.notify.webhook;

import dev.jobhub.support.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A receiver's URL, checked for what can be told without resolving it: absolute, {@code http} or {@code https}, a
 * host, no user name or password (they would travel in clear in logs and the delivery log), at most
 * {@value #MAX_LENGTH} characters. Where it may be dialled is the egress guard's question ({@link WebhookEgress}).
 *
 * @param requestUri the path and query the request asks for ({@code /} for none)
 */
public record WebhookUrl(String text, boolean https, String host, int port, String requestUri) {

    public static final int MAX_LENGTH = 2048;

    /** @throws ProblemException 400 naming {@code field}, saying what is wrong */
    public static WebhookUrl parse(String text, String field) {
        Optional<String> problem = read(text);
        if (problem.isPresent()) {
            throw ProblemException.badRequest(problem.get(), field);
        }
        return of(text);
    }

    /** The URL, or empty if it is not acceptable (a per-job webhookUrl that api-service should have refused). */
    public static Optional<WebhookUrl> tryParse(String text) {
        return read(text).isPresent() ? Optional.empty() : Optional.of(of(text));
    }

    /** What is wrong with {@code text}, or empty if nothing is. */
    private static Optional<String> read(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("a URL is required");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("the URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return Optional.of("the URL must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("the URL must not carry a user name or password");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("the URL has no valid host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("the URL's port must be between 1 and 65535");
        }
        return Optional.empty();
    }

    private static WebhookUrl of(String text) {
        URI uri = URI.create(text);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new WebhookUrl(text, https, host, port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }
}
