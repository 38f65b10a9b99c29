package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The notifier's email deliveries of all users as an admin reads them ({@code GET
 * /api/notifications/deliveries/stats?since=}, the workload's start): a count the benchmark can poll, where the mail
 * catcher can only list each mailbox's messages in full. The benchmark's users are the only senders on the local
 * stack, so the difference between two readings is the workload's.
 *
 * @param sent    emails the SMTP server accepted
 * @param failed  emails given up on
 * @param backlog emails waiting to be sent (pending, being retried)
 */
record EmailDeliveries(long sent, long failed, long backlog) {

    static final String PATH = "/api/notifications/deliveries/stats";

    /** The counts now of the deliveries made since {@code since}, or null if the notifier did not answer. */
    static EmailDeliveries read(BenchClient admin, Instant since) {
        return of(admin.getJson(PATH + "?since=" + since));
    }

    static EmailDeliveries of(JsonNode stats) {
        if (stats == null) {
            return null;
        }
        JsonNode byStatus = stats.path("byChannel").path("email").path("byStatus");
        return new EmailDeliveries(byStatus.path("sent").asLong(), byStatus.path("failed").asLong(),
                stats.path("emailBacklog").asLong());
    }

    /** What happened between {@code earlier} and this reading. */
    EmailDeliveries since(EmailDeliveries earlier) {
        return new EmailDeliveries(sent - earlier.sent, failed - earlier.failed, backlog);
    }
}
