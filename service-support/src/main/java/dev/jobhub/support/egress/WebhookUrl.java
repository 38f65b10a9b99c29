package dev.jobhub.support.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook receiver's URL as a user may give it, checked for what can be told without resolving it: at most
 * {@value #MAX_LENGTH} characters, absolute, {@code http} or {@code https}, a {@link Host} (so {@code 127.1} and
 * other shortened forms are refused here, as for a connection's host), no user name or password (they would travel
 * in clear and land in logs) and no fragment (it is never sent, so a URL with one does not say what it seems to).
 * Where the platform may dial it is the {@link EgressGuard}'s question, asked with {@link #host()} and
 * {@link #port()} and {@link EgressPurpose#WEBHOOK}.
 *
 * @param text the URL as given
 * @param host the host without IPv6 brackets, as {@link EgressGuard#check} takes it
 * @param port the URL's port, or the scheme's default (80, 443)
 */
public record WebhookUrl(String text, String host, int port) {

    public static final int MAX_LENGTH = 2048;

    /**
     * @throws IllegalArgumentException with a message for the user (what is wrong, without echoing the URL), to
     *                                  follow the field's name: "must be an absolute http or https URL"
     */
    public static WebhookUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment (#...): it is never sent to the receiver");
        }
        // java.net.URI leaves the host null for what it cannot read as one (e.g. a name with '_' in it)
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host, e.g. https://hooks.example.com/jobs");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        try {
            Host.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an invalid host: it " + e.getMessage());
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("must have a port between 1 and 65535");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new WebhookUrl(text, host, port);
    }
}
