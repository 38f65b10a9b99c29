package dev.jobhub.stack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One workload's run as a fresh user: its REST client, its WebSocket (open before the first submit), its job
 * tracker and submit counts, the CPU and memory measurement, and a progress line every second. With emails on
 * ({@code --email}, or W6), the workload also waits for an email per accepted job before its measurement ends, so
 * that their sending is charged to it.
 */
final class WorkloadScope {

    private static final Duration SOCKET_SETTLE = Duration.ofMillis(500);
    // the outbox's backlog, from the notifier's health report: a count on a partial index
    private static final Duration EMAIL_POLL = Duration.ofMillis(250);

    private final BenchRun run;
    private final String label;
    private final BenchClient client;
    private final JobTracker tracker = new JobTracker();
    private final SubmitCounts counts = new SubmitCounts();
    private final EventListener events;
    private final ProcessSampler.Measurement measurement;
    private final PostgresWal walBefore;
    private final ScheduledFuture<?> progressLine;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private final Map<String, BenchClient> owners = new ConcurrentHashMap<>();
    private final BenchClient admin;
    private final BenchClient notifier;
    private final EmailDeliveries emailsBefore;
    private Map<String, Object> emails;

    WorkloadScope(BenchRun run, String id, String label) {
        this(run, id, label, false);
    }

    /** @param emails true if every job sends an email whatever {@code --email} says (W6) */
    WorkloadScope(BenchRun run, String id, String label, boolean emails) {
        this.run = run;
        this.admin = emails || run.email() ? run.adminClient() : null;
        this.notifier = admin == null ? null : run.notifierClient();
        this.emailsBefore = admin == null ? null : EmailDeliveries.read(admin, started);
        this.label = label;
        String user = run.user(id);
        this.client = run.client(user);
        this.events = run.listen(user, tracker);
        sleep(SOCKET_SETTLE);
        System.out.printf("%s: user %s%n", label, user);
        this.walBefore = PostgresWal.read(run.stack());
        this.measurement = run.sampler().start();
        this.progressLine = run.scheduler().scheduleAtFixedRate(this::printProgress, 1, 1, TimeUnit.SECONDS);
    }

    BenchClient client() {
        return client;
    }

    JobTracker tracker() {
        return tracker;
    }

    SubmitCounts counts() {
        return counts;
    }

    BenchRun run() {
        return run;
    }

    /** Jobs submitted by another user than the scope's: the final REST check looks them up as their owner. */
    void ownedBy(Collection<String> jobIds, BenchClient owner) {
        jobIds.forEach(id -> owners.put(id, owner));
    }

    /** The client that submitted a job: the scope's own unless {@link #ownedBy} said otherwise. */
    BenchClient ownerOf(String jobId) {
        return owners.getOrDefault(jobId, client);
    }

    /**
     * With emails on: waits until the notifier has sent (or given up on) an email per accepted job. It polls the
     * notifier's outbox backlog (its health report) and reads the delivery statistics once the backlog is empty; it
     * gives up when the backlog stalls for the stall limit or after the drain limit (the notifier sends at most
     * EMAIL_MAX_PER_SECOND, 100 a second by default). Called once every job was seen completed, so every email is in
     * the outbox already (it is written in the transaction that makes the completion visible). Returns the nanoTime
     * of the poll that saw the last one, 0 if it never came; the outcome goes to the workload's figures under
     * {@code emails}.
     */
    long awaitEmails() {
        if (emailsBefore == null) {
            throw new IllegalStateException("this workload sends no emails");
        }
        long expected = tracker.acceptedCount();
        long deadline = System.nanoTime() + run.drainLimit().toNanos();
        long lastChange = System.nanoTime();
        long lastPending = Long.MIN_VALUE;
        long lastPrint = 0;
        EmailDeliveries now = emailsBefore.since(emailsBefore);
        long doneNanos = 0;
        while (true) {
            long pending = EmailDeliveries.pending(notifier);
            long at = System.nanoTime();
            if (pending == 0) {
                now = deliveriesSinceStart(now);
                if (now.sent() + now.failed() >= expected) {
                    doneNanos = at;
                    break;
                }
            }
            if (pending != lastPending) {
                lastPending = pending;
                lastChange = at;
            }
            if (at - lastChange > run.stallLimit().toNanos() || at > deadline) {
                now = deliveriesSinceStart(now);
                System.out.printf("  ! %s: gave up waiting for emails: %,d of %,d sent, %,d pending%n", label,
                        now.sent() + now.failed(), expected, pending);
                break;
            }
            if (at - lastPrint > TimeUnit.SECONDS.toNanos(1)) {
                lastPrint = at;
                System.out.printf("  %-9s emails of %,d jobs: %,d waiting in the outbox%n", label, expected,
                        pending);
            }
            sleep(EMAIL_POLL);
        }
        long lastCompletion = tracker.lastCompletionNanos();
        emails = new LinkedHashMap<>();
        emails.put("expected", expected);
        emails.put("sent", now.sent());
        emails.put("failed", now.failed());
        emails.put("allSentSecondsAfterLastCompletion", doneNanos == 0 || lastCompletion == 0 ? null
                : round(seconds(lastCompletion, doneNanos), 2));
        return doneNanos;
    }

    /** The workload's email deliveries now; {@code last} if the notifier did not answer. */
    private EmailDeliveries deliveriesSinceStart(EmailDeliveries last) {
        EmailDeliveries read = EmailDeliveries.read(admin, started);
        return read == null ? last : read.since(emailsBefore);
    }

    private void printProgress() {
        System.out.printf("  %-9s %4d s  calls %,7d  accepted %,7d  in flight %4d  completed seen %,7d  progress seen "
                        + "%,7d  ws disconnects %d%n", label, (System.nanoTime() - startNanos) / 1_000_000_000,
                counts.calls(), counts.acceptedJobs(), counts.inFlight(), tracker.completedSeen(),
                tracker.progressEvents(), events.disconnects().size());
    }

    /** Waits until no submit call waits for its answer any more (at most the client's timeout and 10 s). */
    void awaitAnswers() {
        long deadline = System.nanoTime() + BenchClient.SUBMIT_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (counts.inFlight() > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Waits until every job of {@code ids} was seen completed; gives up when no completion arrived for the stall
     * limit, or after the drain limit.
     *
     * @return true if all were seen
     */
    boolean awaitCompletion(Supplier<Collection<String>> ids) {
        return awaitCompletion(ids, run.stallLimit());
    }

    boolean awaitCompletion(Supplier<Collection<String>> ids, Duration stallLimit) {
        long deadline = System.nanoTime() + run.drainLimit().toNanos();
        int lastSeen = -1;
        long lastChange = System.nanoTime();
        while (true) {
            Collection<String> wanted = ids.get();
            if (tracker.completedSeen() >= wanted.size() && tracker.allCompleted(wanted)) {
                return true;
            }
            long now = System.nanoTime();
            int seen = tracker.completedSeen();
            if (seen != lastSeen) {
                lastSeen = seen;
                lastChange = now;
            }
            if (now - lastChange > stallLimit.toNanos() || now > deadline) {
                System.out.printf("  ! %s: gave up waiting: %,d of %,d jobs seen completed%n", label,
                        seen, wanted.size());
                return false;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Ends the measurement, closes the socket and judges the jobs. */
    WorkloadResult finish(String name, String description, Map<String, Object> figures) {
        if (emailsBefore != null && emails == null) {
            awaitEmails();
        }
        if (emails != null) {
            figures.put("emails", emails);
        }
        List<ProcessUsage> processes = measurement.stop();
        PostgresWal walAfter = walBefore == null ? null : PostgresWal.read(run.stack());
        if (walAfter != null) {
            figures.put(PostgresWal.FIGURE, walAfter.since(walBefore, tracker.acceptedCount()));
        }
        if (emails != null) {
            run.stack().mail().purge();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        progressLine.cancel(false);
        events.close();
        Correctness correctness = tracker.reconcile(this::ownerOf, Duration.ofMinutes(2));
        Map<String, Object> socket = new LinkedHashMap<>();
        socket.put("eventsReceived", events.received());
        socket.put("eventsByType", events.eventsByType());
        socket.put("unreadableFrames", events.unreadable());
        socket.put("disconnects", events.disconnects());
        WorkloadResult result = new WorkloadResult(name, description, seconds, figures, correctness, socket,
                processes, null);
        long jobs = correctness.accepted();
        return jobs == 0 ? result : new WorkloadResult(name, description, seconds, figures, correctness, socket,
                processes, result.stackCpuSeconds() * 1000 / jobs);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
