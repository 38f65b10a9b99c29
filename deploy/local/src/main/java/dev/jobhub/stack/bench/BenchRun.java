package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.stack.Stack;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every workload of one benchmark run shares: the stack, one HTTP client, the process sampler, a clock; and
 * whether its users carry an email claim ({@code --email}, or one side of {@code --email-pairs}: see
 * {@link #withEmail}).
 */
final class BenchRun implements AutoCloseable {

    private final Stack stack;
    private final BenchOptions options;
    private final String stamp;
    private final boolean email;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ProcessSampler sampler;
    private final Map<String, AtomicInteger> runsPerWorkload;

    BenchRun(Stack stack, BenchOptions options, String stamp) {
        this.stack = stack;
        this.options = options;
        this.stamp = stamp;
        this.email = options.email();
        this.http = BenchClient.newHttpClient();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.sampler = new ProcessSampler(ProcessSampler.targetsOf(stack), scheduler);
        this.runsPerWorkload = new ConcurrentHashMap<>();
    }

    private BenchRun(BenchRun shared, boolean email) {
        this.stack = shared.stack;
        this.options = shared.options;
        this.stamp = shared.stamp;
        this.email = email;
        this.http = shared.http;
        this.scheduler = shared.scheduler;
        this.sampler = shared.sampler;
        this.runsPerWorkload = shared.runsPerWorkload;
    }

    /**
     * The same run, its users with an email claim or without whatever {@code --email} says: it shares the client,
     * the sampler and the users' numbering, and closing the run it came from closes it too.
     */
    BenchRun withEmail(boolean withEmail) {
        return new BenchRun(this, withEmail);
    }

    boolean quick() {
        return options.quick();
    }

    /**
     * A user of its own per workload run, so that no event of an earlier run mixes in: the second run of a workload
     * (with {@code --email-pairs}) is {@code …-2}.
     */
    String user(String workload) {
        int run = runsPerWorkload.computeIfAbsent(workload, w -> new AtomicInteger()).incrementAndGet();
        return "bench-" + workload + "-" + stamp + (run == 1 ? "" : "-" + run);
    }

    BenchClient client(String user) {
        return clientWith(token(user));
    }

    /** A user's client with a token already signed (signing costs a millisecond or two of RSA each time). */
    BenchClient clientWith(String token) {
        return new BenchClient(http, stack.apiUrl(), token);
    }

    /** True if the workloads' users carry an email claim: every job also sends an email. */
    boolean email() {
        return email;
    }

    BenchOptions options() {
        return options;
    }

    Stack stack() {
        return stack;
    }

    /**
     * A user's token, with an email claim only under {@code --email}: the core path is measured without mail by
     * default (a user who submits 20,000 no-op jobs does not want 20,000 emails), so each job's email delivery is
     * recorded as skipped.
     */
    String token(String user) {
        return token(user, email);
    }

    /** With {@code withEmail}, the claim is {@link #mailAddress}: the notifier records it when the user connects. */
    String token(String user, boolean withEmail) {
        ObjectNode claims = stack.signer().claims(user, List.of("user"), Instant.now(), Duration.ofHours(12));
        if (withEmail) {
            claims.put("email", mailAddress(user));
        } else {
            claims.remove("email");
        }
        return stack.signer().sign(claims);
    }

    /** A bench user's address: unique per user, so one user's mailbox at the mail catcher holds only its mails. */
    static String mailAddress(String user) {
        return user + "@bench.local";
    }

    /** An admin's client, for the notifier's delivery statistics (through the API's gateway). */
    BenchClient adminClient() {
        return new BenchClient(http, stack.apiUrl(), adminToken());
    }

    /** A client of the notifier itself, for its health report (the email backlog). */
    BenchClient notifierClient() {
        return new BenchClient(http, stack.notifyUrl(), adminToken());
    }

    private String adminToken() {
        return stack.signer().token("bench-admin", true, Duration.ofHours(12));
    }

    EventListener listen(String user, EventListener.Sink sink) {
        return EventListener.open(http, stack.notifyUrl(), token(user), sink);
    }

    ProcessSampler sampler() {
        return sampler;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** How long a workload waits for its jobs once no completion arrives any more. */
    Duration stallLimit() {
        return Duration.ofSeconds(60);
    }

    /** The longest a workload waits for its jobs to complete after submitting, however they progress. */
    Duration drainLimit() {
        return options.quick() ? Duration.ofMinutes(4) : Duration.ofMinutes(20);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
