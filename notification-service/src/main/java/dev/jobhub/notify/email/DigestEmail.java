package dev.jobhub.notify.email;

import java.util.List;

/**
 * Several notifications in one email.
 *
 * @param periodLabel what the digest covers, as its subject says it: "daily digest", "weekly digest"
 */
public record DigestEmail(String periodLabel, List<NotificationEmail> items) {

    public DigestEmail {
        items = List.copyOf(items);
    }
}
