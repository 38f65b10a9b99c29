package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@code completed} deliveries a phase of W7 expects, job by job and at which endpoint, and what the receiver
 * got of them. Delivery is at least once, so a second request with a {@code webhook-id} already seen is a duplicate
 * to count, not a failure; a delivery missing, sent to another endpoint than its owner's, or badly signed is one.
 * Requests for jobs of other phases are left to those phases.
 */
final class WebhookLedger {

    /** The figure that fails the run when false, like {@link MailLedger#EXACTLY_ONCE}. */
    static final String ALL_DELIVERED = "webhooksAllDeliveredSigned";
    static final String COMPLETED = "completed";

    /**
     * What a phase received.
     *
     * @param received      distinct expected deliveries that arrived (a job's completion at its owner's endpoint)
     * @param duplicates    requests with a {@code webhook-id} that had arrived before
     * @param misrouted     requests about this phase's jobs at another endpoint than the one expected
     * @param otherEvents   requests about this phase's jobs of another event type than {@code completed}
     * @param badSignatures requests about this phase's jobs whose signature did not verify
     * @param delayMs       the event's {@code occurredAt} to the first arrival of each delivery
     * @param firstNanos    the first arrival (nanoTime), 0 if none
     * @param lastNanos     the last first arrival of an expected delivery (nanoTime), 0 if none
     */
    record Outcome(int expected, int received, long duplicates, long misrouted, long otherEvents,
            long badSignatures, Percentiles delayMs, long firstNanos, long lastNanos) {

        int missing() {
            return expected - received;
        }

        boolean allDeliveredSigned() {
            return missing() == 0 && misrouted == 0 && badSignatures == 0;
        }

        /** Expected deliveries that arrived per second, from {@code fromNanos} to the last. */
        Double perSecondFrom(long fromNanos) {
            double seconds = WorkloadScope.seconds(fromNanos, lastNanos);
            return received == 0 || seconds <= 0 ? null : WorkloadScope.round(received / seconds, 1);
        }
    }

    private final Map<String, Integer> endpointOfJob = new ConcurrentHashMap<>();

    /** The jobs of the user whose endpoint is {@code endpoint}: each should bring one delivery there. */
    void expect(int endpoint, Collection<String> jobIds) {
        jobIds.forEach(id -> endpointOfJob.put(id, endpoint));
    }

    int expected() {
        return endpointOfJob.size();
    }

    Outcome judge(List<WebhookReceiver.Receipt> receipts) {
        Set<String> ids = new HashSet<>();
        Set<String> delivered = new HashSet<>();
        LongSamples delays = new LongSamples();
        long duplicates = 0;
        long misrouted = 0;
        long otherEvents = 0;
        long badSignatures = 0;
        long first = 0;
        long last = 0;
        for (WebhookReceiver.Receipt receipt : receipts) {
            Integer endpoint = receipt.jobId() == null ? null : endpointOfJob.get(receipt.jobId());
            if (endpoint == null) {
                continue;
            }
            badSignatures += receipt.signed() ? 0 : 1;
            if (receipt.webhookId() != null && !ids.add(receipt.webhookId())) {
                duplicates++;
            } else if (endpoint != receipt.endpoint()) {
                misrouted++;
            } else if (!COMPLETED.equals(receipt.eventType())) {
                otherEvents++;
            } else if (delivered.add(receipt.jobId())) {
                first = first == 0 ? receipt.receivedNanos() : Math.min(first, receipt.receivedNanos());
                last = Math.max(last, receipt.receivedNanos());
                if (receipt.occurredAt() != null) {
                    // a receipt a hair before occurredAt is clock granularity, not time travel
                    delays.add(Math.max(0, Duration.between(receipt.occurredAt(), receipt.receivedAt()).toNanos()));
                }
            } else {
                // the same job's completion again under another webhook-id: a second delivery all the same
                duplicates++;
            }
        }
        return new Outcome(expected(), delivered.size(), duplicates, misrouted, otherEvents, badSignatures,
                Percentiles.ofNanos(delays.toArray()), first, last);
    }
}
