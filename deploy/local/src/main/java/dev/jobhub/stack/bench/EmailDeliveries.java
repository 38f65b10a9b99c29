package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The notifier's email deliveries of all users as an admin reads them ({@code GET
 * /api/notifications/deliveries/stats}): a count the benchmark can poll every second, where the mail catcher can
 * only list each mailbox's messages in full. The benchmark's users are the only senders on the local stack, so the
 * difference between two readings is the workload's.
 *
 * @param sent    emails the SMTP server accepted
 * @param failed  emails given up on
 * @param backlog emails waiting to be sent (pending, being retried)
 */
record EmailDeliveries(long sent, long failed, long backlog) {

    static final String PATH = "/api/notifications/deliveries/stats";

    /** The counts now, or null if the notifier did not answer. */
    static EmailDeliveries read(BenchClient admin) {
        return of(admin.getJson(PATH));
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
