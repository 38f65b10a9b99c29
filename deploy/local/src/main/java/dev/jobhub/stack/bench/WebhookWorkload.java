package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W7: webhooks. 100 endpoints at a receiver in this JVM, each registered through the public API by a user of its
 * own (one endpoint per user: the figure is per endpoint, and each job then makes exactly one delivery), with the
 * highest rate limit an endpoint may ask for.
 * <ul>
 * <li>Throughput: the owners submit no-op jobs, one batch each, all at once; measured are the deliveries per second
 * at the receiver, each delivery's delay after its event's {@code occurredAt}, and that every job's completion
 * arrived once, at its owner's endpoint, correctly signed.</li>
 * <li>Latency: W2's open loop (200 jobs/s, W2's duration) three times, back to back: from 100 users without
 * endpoints, from the owners with their endpoints subscribed to every event type, and from the users without
 * endpoints again. Webhooks have their own consumer group and dispatcher, so the subscribed run should be no slower
 * than the plain ones; a plain run on either side keeps a stack that warms up or a machine whose load drifts from
 * passing for a cost of the webhooks.</li>
 * </ul>
 * The endpoints are deleted at the end, so that the workloads after W7 send no webhooks.
 */
final class WebhookWorkload {

    static final int ENDPOINTS = 100;
    private static final Duration POLL = Duration.ofMillis(250);

    private WebhookWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        int jobs = run.options().webhookJobs();
        Duration offer = LatencyWorkload.duration(run);
        WorkloadScope scope = new WorkloadScope(run, "w7", "W7");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("endpoints", ENDPOINTS);
        figures.put("endpointRateLimit", WebhookEndpoints.RATE_LIMIT);
        List<SocketFleet.Member> owners = members(run, "w7-owner");
        List<SocketFleet.Member> plain = members(run, "w7-plain");
        try (WebhookReceiver receiver = WebhookReceiver.start();
                WebhookEndpoints endpoints = new WebhookEndpoints(receiver);
                SocketFleet fleet = new SocketFleet(run.stack().notifyUrl(), (user, event, nanos, at) ->
                        scope.tracker().onEvent(event.id(), event.type(), event.jobId(), event.occurredAt(), nanos,
                                at))) {
            List<SocketFleet.Member> everyone = new ArrayList<>(owners);
            everyone.addAll(plain);
            int connected = fleet.open(everyone, ConnectionsWorkload.PARALLEL_HANDSHAKES, everyone.size());
            if (connected < everyone.size()) {
                throw new IllegalStateException("only " + connected + " of " + everyone.size()
                        + " sockets opened: " + fleet.failures());
            }
            List<BenchClient> ownerClients = clients(run, owners);
            long registering = System.nanoTime();
            for (int i = 0; i < ENDPOINTS; i++) {
                endpoints.register(i, ownerClients.get(i), List.of(WebhookLedger.COMPLETED));
            }
            figures.put("registerSeconds", WorkloadScope.round(WorkloadScope.seconds(registering,
                    System.nanoTime()), 2));
            System.out.printf("W7: %d endpoints at %s%n", ENDPOINTS, receiver.url(0).replace("/0", "/<n>"));

            throughput(scope, receiver, ownerClients, jobs, figures);

            List<BenchClient> plainClients = clients(run, plain);
            Set<String> plainBefore = latency(scope, plainClients, offer);
            endpoints.subscribe(List.of("all"));
            Set<String> subscribedIds = latency(scope, ownerClients, offer);
            WebhookLedger subscribed = ledgerOf(scope, ownerClients, subscribedIds);
            WebhookLedger.Outcome delivered = awaitDeliveries(scope, receiver, subscribed);
            Set<String> plainAfter = latency(scope, plainClients, offer);
            putLatencies(figures, offer, scope.tracker(), new W2Runs(plainBefore, subscribedIds, plainAfter),
                    delivered);

            figures.put("badSignaturesAll", receiver.badSignatures());
            figures.put("endpointsNotDeleted", endpoints.deleteAll());
            figures.put(WebhookLedger.ALL_DELIVERED, Boolean.TRUE.equals(figures.get(WebhookLedger.ALL_DELIVERED))
                    && delivered.allDeliveredSigned() && receiver.badSignatures() == 0);
        }
        return scope.finish("W7", String.format("webhooks: %,d no-op jobs of %d users, an endpoint each at a local "
                + "receiver; then W2 (%.0f jobs/s for %d s) without, with and again without the endpoints subscribed",
                jobs, ENDPOINTS, LatencyWorkload.RATE, offer.toSeconds()), figures);
    }

    /** Every owner submits its share of the jobs in one batch, all at once; then the deliveries are awaited. */
    private static void throughput(WorkloadScope scope, WebhookReceiver receiver, List<BenchClient> owners,
            int jobs, Map<String, Object> figures) {
        WebhookLedger ledger = new WebhookLedger();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        long firstSubmit = System.nanoTime();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            int share = jobs / owners.size() + (i < jobs % owners.size() ? 1 : 0);
            if (share == 0) {
                continue;
            }
            BenchClient owner = owners.get(i);
            int endpoint = i;
            long started = scope.counts().calling();
            calls.add(owner.submitBatchAsync(BenchClient.NO_OP_JOB, share).thenAccept(answer -> {
                scope.tracker().accepted(answer, started);
                scope.ownedBy(answer.jobIds(), owner);
                ledger.expect(endpoint, answer.jobIds());
                ids.addAll(answer.jobIds());
                scope.counts().answered(answer);
            }));
        }
        calls.forEach(CompletableFuture::join);
        scope.awaitCompletion(() -> ids);
        WebhookLedger.Outcome outcome = awaitDeliveries(scope, receiver, ledger);
        figures.put("jobs", jobs);
        figures.put("accepted", ids.size());
        figures.put("completedSeen", scope.tracker().completedAmong(ids));
        figures.put("deliveriesExpected", outcome.expected());
        figures.put("deliveriesReceived", outcome.received());
        figures.put("deliveriesMissing", outcome.missing());
        figures.put("duplicates", outcome.duplicates());
        figures.put("misrouted", outcome.misrouted());
        figures.put("badSignatures", outcome.badSignatures());
        figures.put("deliveriesPerSecond", outcome.perSecondFrom(outcome.firstNanos()));
        figures.put("deliveriesPerSecondFromFirstSubmit", outcome.perSecondFrom(firstSubmit));
        figures.put("secondsFirstSubmitToLastDelivery", outcome.lastNanos() == 0 ? null
                : WorkloadScope.round(WorkloadScope.seconds(firstSubmit, outcome.lastNanos()), 2));
        figures.put("deliveryDelayMs", outcome.delayMs());
        figures.put(WebhookLedger.ALL_DELIVERED, outcome.allDeliveredSigned());
    }

    /** W2's open loop with the jobs spread evenly over {@code owners}; returns the ids accepted once all are seen. */
    private static Set<String> latency(WorkloadScope scope, List<BenchClient> owners, Duration offer) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        LatencyWorkload.offer(scope, LatencyWorkload.RATE, offer, ids,
                () -> owners.get(Math.floorMod(next.getAndIncrement(), owners.size())));
        scope.awaitAnswers();
        scope.awaitCompletion(() -> ids);
        return ids;
    }

    /** The completions the subscribed W2 run should bring: each job at its owner's endpoint. */
    private static WebhookLedger ledgerOf(WorkloadScope scope, List<BenchClient> owners, Collection<String> ids) {
        Map<BenchClient, Integer> endpointOf = new IdentityHashMap<>();
        for (int i = 0; i < owners.size(); i++) {
            endpointOf.put(owners.get(i), i);
        }
        WebhookLedger ledger = new WebhookLedger();
        ids.forEach(id -> ledger.expect(endpointOf.get(scope.ownerOf(id)), List.of(id)));
        return ledger;
    }

    /** The jobs accepted in each of the three W2 runs, in the order they ran. */
    private record W2Runs(Set<String> plainBefore, Set<String> subscribed, Set<String> plainAfter) {

        Set<String> plain() {
            Set<String> both = new HashSet<>(plainBefore);
            both.addAll(plainAfter);
            return both;
        }
    }

    private static void putLatencies(Map<String, Object> figures, Duration offer, JobTracker tracker, W2Runs runs,
            WebhookLedger.Outcome delivered) {
        figures.put("w2OfferedPerSecond", LatencyWorkload.RATE);
        figures.put("w2OfferSeconds", offer.toSeconds());
        figures.put("w2Accepted", String.format("plain before %d, subscribed %d, plain after %d",
                runs.plainBefore().size(), runs.subscribed().size(), runs.plainAfter().size()));
        LatencyWorkload.putLatency(figures, "w2PlainBefore", tracker, runs.plainBefore());
        LatencyWorkload.putLatency(figures, "w2Subscribed", tracker, runs.subscribed());
        LatencyWorkload.putLatency(figures, "w2PlainAfter", tracker, runs.plainAfter());
        // the two plain runs' jobs together: the baseline whichever way the stack or the machine drifted
        LatencyWorkload.putLatency(figures, "w2Plain", tracker, runs.plain());
        Percentiles plain = (Percentiles) figures.get("w2PlainLatencyMs");
        Percentiles subscribed = (Percentiles) figures.get("w2SubscribedLatencyMs");
        figures.put("w2AddedMs", added(plain, subscribed));
        figures.put("w2SubscribedDeliveries", delivered.received() + " of " + delivered.expected()
                + " (missing " + delivered.missing() + ", duplicates " + delivered.duplicates() + ", other events "
                + delivered.otherEvents() + ", bad signatures " + delivered.badSignatures() + ")");
        figures.put("w2SubscribedDeliveryDelayMs", delivered.delayMs());
    }

    /** Subscribed minus both plain runs, per percentile: what the endpoints cost W2 (negative is noise). */
    static String added(Percentiles plain, Percentiles subscribed) {
        if (plain.count() == 0 || subscribed.count() == 0) {
            return "not measured";
        }
        return String.format("p50 %s / p95 %s / p99 %s ms", signed(subscribed.p50() - plain.p50()),
                signed(subscribed.p95() - plain.p95()), signed(subscribed.p99() - plain.p99()));
    }

    /** As {@link Percentiles#format}, with its sign. */
    private static String signed(double millis) {
        return (millis < 0 ? "-" : "+") + Percentiles.format(Math.abs(millis));
    }

    /**
     * Waits until the receiver has every delivery the ledger expects; gives up when none arrived for the stall
     * limit, or after the drain limit.
     */
    private static WebhookLedger.Outcome awaitDeliveries(WorkloadScope scope, WebhookReceiver receiver,
            WebhookLedger ledger) {
        BenchRun run = scope.run();
        long deadline = System.nanoTime() + run.drainLimit().toNanos();
        long lastChange = System.nanoTime();
        long lastPrint = 0;
        int lastReceived = -1;
        while (true) {
            WebhookLedger.Outcome outcome = ledger.judge(receiver.receipts());
            long now = System.nanoTime();
            if (outcome.missing() <= 0) {
                return outcome;
            }
            if (outcome.received() != lastReceived) {
                lastReceived = outcome.received();
                lastChange = now;
            }
            if (now - lastChange > run.stallLimit().toNanos() || now > deadline) {
                System.out.printf("  ! W7: gave up waiting for deliveries: %,d of %,d received%n",
                        outcome.received(), outcome.expected());
                return outcome;
            }
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(1)) {
                lastPrint = now;
                System.out.printf("  %-9s deliveries %,d of %,d (requests %,d, bad signatures %,d)%n", "W7",
                        outcome.received(), outcome.expected(), receiver.count(), receiver.badSignatures());
            }
            WorkloadScope.sleep(POLL);
        }
    }

    private static List<SocketFleet.Member> members(BenchRun run, String prefix) {
        List<SocketFleet.Member> members = new ArrayList<>();
        String userPrefix = run.user(prefix) + "-";
        for (int i = 0; i < ENDPOINTS; i++) {
            String user = userPrefix + i;
            members.add(new SocketFleet.Member(user, run.token(user)));
        }
        return members;
    }

    private static List<BenchClient> clients(BenchRun run, List<SocketFleet.Member> members) {
        return members.stream().map(m -> run.clientWith(m.token())).toList();
    }
}
