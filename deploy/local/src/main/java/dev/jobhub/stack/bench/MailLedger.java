package dev.jobhub.stack.bench;

import dev.jobhub.stack.infra.Mailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W6's mails against its jobs, by recipient: each user submitted its jobs in one call and must receive one mail per
 * job. A mail names no job, only its notification (the link {@code /notifications/<id>}), so the check is a count
 * per user plus distinct notifications: a notification mailed twice is a duplicate; fewer distinct notifications
 * than jobs is a loss. (A loss and a mail of an unrelated notification in the same mailbox would cancel out; the
 * users are fresh and submit nothing else, so no unrelated notification is expected.)
 */
final class MailLedger {

    /** The figure that fails the run when false: every job brought exactly one mail. */
    static final String EXACTLY_ONCE = "mailsExactlyOnce";

    private static final Pattern NOTIFICATION_LINK = Pattern.compile("/notifications/([0-9a-fA-F-]{36})");

    /**
     * @param missing        jobs without a mail (expected minus distinct notifications mailed, per user)
     * @param duplicated     mails beyond the first of the same notification
     * @param unexpected     distinct notifications mailed beyond the user's jobs, or mails naming no notification
     * @param submitToMailMs from the submit call to the catcher's Received stamp (whole seconds: ± 1 s)
     */
    record Outcome(long expected, long received, long missing, long duplicated, long unexpected,
            Percentiles submitToMailMs, Instant firstReceived, Instant lastReceived) {

        boolean exactlyOnce() {
            return missing == 0 && duplicated == 0 && unexpected == 0;
        }
    }

    private record Expected(int jobs, Instant submittedAt) {
    }

    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    private final Map<String, List<Mailbox.Mail>> received = new ConcurrentHashMap<>();

    /** {@code address} must receive {@code jobs} mails for jobs submitted at {@code submittedAt}. */
    void expect(String address, int jobs, Instant submittedAt) {
        expected.put(address, new Expected(jobs, submittedAt));
    }

    void received(String address, List<Mailbox.Mail> mails) {
        received.put(address, List.copyOf(mails));
    }

    Outcome judge() {
        long expectedMails = 0;
        long receivedMails = 0;
        long missing = 0;
        long duplicated = 0;
        long unexpected = 0;
        LongSamples latencies = new LongSamples();
        Instant first = null;
        Instant last = null;
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            Expected want = entry.getValue();
            List<Mailbox.Mail> mails = received.getOrDefault(entry.getKey(), List.of());
            Set<String> notifications = new HashSet<>();
            for (Mailbox.Mail mail : mails) {
                String notification = notificationOf(mail);
                if (notification == null) {
                    unexpected++;
                } else if (!notifications.add(notification)) {
                    duplicated++;
                }
                Instant at = mail.receivedAt() == null ? null : Instant.parse(mail.receivedAt());
                if (at != null) {
                    latencies.add(Math.max(0, Duration.between(want.submittedAt(), at).toNanos()));
                    first = first == null || at.isBefore(first) ? at : first;
                    last = last == null || at.isAfter(last) ? at : last;
                }
            }
            expectedMails += want.jobs();
            receivedMails += mails.size();
            missing += Math.max(0, want.jobs() - notifications.size());
            unexpected += Math.max(0, notifications.size() - want.jobs());
        }
        for (String address : received.keySet()) {
            if (!expected.containsKey(address)) {
                unexpected += received.get(address).size();
            }
        }
        return new Outcome(expectedMails, receivedMails, missing, duplicated, unexpected,
                Percentiles.ofNanos(latencies.toArray()), first, last);
    }

    /** The notification id a mail links to, from its text or else its HTML body; null if none. */
    static String notificationOf(Mailbox.Mail mail) {
        for (String body : new String[] {mail.text(), mail.html()}) {
            if (body != null) {
                Matcher link = NOTIFICATION_LINK.matcher(body);
                if (link.find()) {
                    return link.group(1).toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }
}
