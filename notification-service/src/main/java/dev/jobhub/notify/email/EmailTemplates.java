package dev.jobhub.notify.email;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders notifications and digests as emails, from the type-safe Qute templates under
 * {@code templates/EmailTemplates/}: the HTML templates escape every value (their suffix makes Qute do it), the text
 * ones print values as they are.
 */
@ApplicationScoped
public class EmailTemplates {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What a template shows of one notification: its times formatted and its link resolved. */
    public record Item(String type, String title, String message, String when, String link) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notificationText(Item item, String appUrl);

        static native TemplateInstance notificationHtml(Item item, String appUrl);

        static native TemplateInstance digestText(String heading, List<Item> items, int more, String appUrl);

        static native TemplateInstance digestHtml(String heading, List<Item> items, int more, String appUrl);
    }

    private final String appUrl;
    private final int digestMaxItems;

    public EmailTemplates(@ConfigProperty(name = "jobhub.notify.app-url", defaultValue = "http://localhost:8080")
            String appUrl,
            @ConfigProperty(name = "jobhub.notify.digest.max-items", defaultValue = "50") int digestMaxItems) {
        this.appUrl = appUrl.endsWith("/") ? appUrl.substring(0, appUrl.length() - 1) : appUrl;
        this.digestMaxItems = digestMaxItems;
    }

    /** Subject: the notification's title. */
    public RenderedEmail notification(NotificationEmail notification) {
        Item item = item(notification);
        return new RenderedEmail(subject(notification.title()),
                Templates.notificationText(item, appUrl).render(),
                Templates.notificationHtml(item, appUrl).render());
    }

    /**
     * Subject: how many notifications, and the period, e.g. "3 notifications (daily digest)". The body lists the
     * first {@code jobhub.notify.digest.max-items} of them and says how many more the notification center holds: a
     * digest of a busy day stays an email a mail client opens, not megabytes of HTML.
     */
    public RenderedEmail digest(DigestEmail digest) {
        int total = digest.items().size();
        List<Item> items = digest.items().stream().limit(digestMaxItems).map(this::item).toList();
        int more = total - items.size();
        String heading = total + (total == 1 ? " notification" : " notifications") + " (" + digest.periodLabel() + ")";
        return new RenderedEmail(subject(heading),
                Templates.digestText(heading, items, more, appUrl).render(),
                Templates.digestHtml(heading, items, more, appUrl).render());
    }

    private Item item(NotificationEmail notification) {
        return new Item(notification.type(), notification.title(), notification.message(),
                notification.createdAt() == null ? null : WHEN.format(notification.createdAt()),
                link(notification.link()));
    }

    /**
     * Links stay inside the app: a path is put under the app's URL, a URL under it is kept, anything else (another
     * host, a javascript: URL) becomes the app's home, so that data in a notification cannot send a reader elsewhere.
     */
    String link(String link) {
        if (link == null || link.isBlank()) {
            return appUrl + "/";
        }
        if (link.startsWith("/") && !link.startsWith("//")) {
            return appUrl + link;
        }
        if (link.equals(appUrl) || link.startsWith(appUrl + "/")) {
            return link;
        }
        return appUrl + "/";
    }

    /** A header line: line breaks in a title would end the header. */
    private static String subject(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
