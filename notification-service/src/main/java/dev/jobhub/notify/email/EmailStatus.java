package dev.jobhub.notify.email;

import java.time.Instant;

/**
 * Where an outbox row stands.
 *
 * @param status        pending, sent, failed or skipped (held while online and read, or its notification gone)
 * @param attempts      sends started so far
 * @param lastError     why the last attempt failed (bounded), null if none failed
 * @param sentAt        when the SMTP server took it, null unless sent
 * @param nextAttemptAt when a pending row is due (for sent and failed rows: when it was last due)
 */
public record EmailStatus(String status, int attempts, String lastError, Instant sentAt, Instant nextAttemptAt) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
