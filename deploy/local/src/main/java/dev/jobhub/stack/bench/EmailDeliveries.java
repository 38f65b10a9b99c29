package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The notifier's email deliveries of all users as an admin reads them ({@code GET
 * /api/notifications/deliveries/stats?since=}, the workload's start): a count the benchmark can poll, where the mail
 * catcher can only list each mailbox's messages in full. The benchmark's users are the only senders on the local
 * stack, so the difference between two readings is the workload's. A reading joins the window's deliveries with
 * their emails (about 0.7 s of PostgreSQL at 200,000): the benchmark polls {@link #pending} instead, and reads these
 * once the outbox is empty.
 *
 * @param sent    emails the SMTP server accepted
 * @param failed  emails given up on
 * @param backlog emails waiting to be sent (pending, being retried)
 */
record EmailDeliveries(long sent, long failed, long backlog) {

    static final String PATH = "/api/notifications/deliveries/stats";
    static final String HEALTH = "/q/health/ready";

    /** The counts now of the deliveries made since {@code since}, or null if the notifier did not answer. */
    static EmailDeliveries read(BenchClient admin, Instant since) {
        return of(admin.getJson(PATH + "?since=" + since));
    }

    /**
     * The emails waiting in the notifier's outbox, from its health report (a count on the pending rows' index, cheap
     * enough to poll, where the statistics join the window's deliveries with their emails); -1 if unknown.
     */
    static long pending(BenchClient notifier) {
        JsonNode health = notifier.getJson(HEALTH);
        if (health == null) {
            return -1;
        }
        for (JsonNode check : health.path("checks")) {
            if ("email".equals(check.path("name").asText())) {
                return check.path("data").path("pending").asLong(-1);
            }
        }
        return -1;
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
