package dev.jobhub.stack.bench;

import dev.jobhub.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * W1's correctness check under faults: no-op jobs offered at 20/s for three minutes while each part of the stack
 * is killed in turn (SIGKILL of worker-service, Kafka, api-service and notification-service, then an immediate stop
 * of PostgreSQL) and brought back by the stack's own start logic; then the drain. Every accepted job must complete
 * exactly once.
 */
final class FaultsWorkload {

    static final double RATE = 20;
    static final Duration OFFER = Duration.ofMinutes(3);
    /** The api-service re-dispatches a job whose worker stopped heartbeating after 30 s: wait longer than that. */
    static final Duration STALL_LIMIT = Duration.ofMinutes(3);

    /** A fault at {@code atSecond} of the offering. */
    private record Fault(int atSecond, String what, Runnable inject) {
    }

    private FaultsWorkload() {
    }

    static WorkloadResult run(BenchRun run, Stack stack) {
        List<Fault> faults = List.of(
                new Fault(20, "SIGKILL worker-service", () -> stack.services().get(1).kill()),
                new Fault(50, "SIGKILL Kafka", stack.kafka()::kill),
                new Fault(80, "SIGKILL api-service", () -> stack.services().get(0).kill()),
                new Fault(110, "SIGKILL notification-service", () -> stack.services().get(2).kill()),
                new Fault(140, "PostgreSQL stopped immediately (pg_ctl stop -m immediate)",
                        stack.postgres()::stopImmediately));
        WorkloadScope scope = new WorkloadScope(run, "faults", "faults");
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<String> injected = new ArrayList<>();
        long start = System.nanoTime();
        Thread injector = new Thread(() -> inject(stack, faults, start, injected), "bench-faults");
        injector.setDaemon(true);
        injector.start();
        LatencyWorkload.offer(scope, RATE, OFFER, ids);
        join(injector);
        scope.awaitAnswers();
        boolean allSeen = scope.awaitCompletion(() -> ids, STALL_LIMIT);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", RATE);
        figures.put("offerSeconds", OFFER.toSeconds());
        figures.put("offered", (long) (RATE * OFFER.toSeconds()));
        figures.put("accepted", scope.counts().acceptedJobs());
        figures.put("refusedCalls", scope.counts().refused());
        figures.put("notSentInFlightCap", scope.counts().notSentCount());
        figures.put("faults", injected);
        figures.put("completedSeen", scope.tracker().completedAmong(ids));
        figures.put("allSeenCompleted", allSeen);
        return scope.finish("faults", String.format("%.0f no-op jobs/s for %d s (POST /api/jobs) while the stack's "
                + "processes are killed in turn", RATE, OFFER.toSeconds()), figures);
    }

    private static void inject(Stack stack, List<Fault> faults, long start, List<String> injected) {
        for (Fault fault : faults) {
            long wait = start + Duration.ofSeconds(fault.atSecond()).toNanos() - System.nanoTime();
            if (wait > 0) {
                WorkloadScope.sleep(Duration.ofNanos(wait));
            }
            System.out.printf("  ⚡ %d s: %s%n", fault.atSecond(), fault.what());
            long began = System.nanoTime();
            String outcome;
            try {
                fault.inject().run();
                stack.start();
                outcome = String.format("back in %.1f s", WorkloadScope.seconds(began, System.nanoTime()));
            } catch (RuntimeException e) {
                outcome = "NOT brought back: " + e.getMessage();
            }
            System.out.printf("  ⚡ %s: %s%n", fault.what(), outcome);
            injected.add(String.format("%d s: %s, %s", fault.atSecond(), fault.what(), outcome));
        }
    }

    private static void join(Thread injector) {
        try {
            // each restart waits at most 2 minutes per process
            injector.join(Duration.ofMinutes(12).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
