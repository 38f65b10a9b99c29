package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * W2: no-op jobs offered at a fixed rate (open loop) through single {@code POST /api/jobs}; latency from just
 * before each submit call to its {@code job.completed} on the WebSocket. W4 uses the same offering after its burst.
 */
final class LatencyWorkload {

    static final double RATE = 200;

    private LatencyWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        Duration duration = duration(run);
        WorkloadScope scope = new WorkloadScope(run, "w2", "W2");
        Set<String> ids = ConcurrentHashMap.newKeySet();
        offer(scope, RATE, duration, ids);
        scope.awaitAnswers();
        boolean allSeen = scope.awaitCompletion(() -> ids);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", RATE);
        figures.put("offerSeconds", duration.toSeconds());
        figures.put("offered", (long) (RATE * duration.toSeconds()));
        figures.put("notSentInFlightCap", scope.counts().notSentCount());
        figures.put("accepted", scope.counts().acceptedJobs());
        figures.put("refusedCalls", scope.counts().refused());
        putLatency(figures, "", scope.tracker(), ids);
        figures.put("allSeenCompleted", allSeen);
        return scope.finish("W2", String.format("%.0f no-op jobs/s offered for %d s (open loop, POST /api/jobs)",
                RATE, duration.toSeconds()), figures);
    }

    /** How long W2 offers its jobs (W7 offers as long, to set its figures beside W2's). */
    static Duration duration(BenchRun run) {
        return Duration.ofSeconds(run.quick() ? 5 : 30);
    }

    /** Offers no-op jobs at {@code perSecond}; the ids accepted go to {@code ids}. Returns when the last was due. */
    static long offer(WorkloadScope scope, double perSecond, Duration duration, Set<String> ids) {
        return offer(scope, perSecond, duration, ids, scope::client);
    }

    /**
     * The same, each job submitted by the user {@code owners} gives for it (W7: users with webhook endpoints); the
     * scope's final check looks each job up as its owner.
     */
    static long offer(WorkloadScope scope, double perSecond, Duration duration, Set<String> ids,
            Supplier<BenchClient> owners) {
        return OpenLoop.run(perSecond, duration, scope.counts(), () -> {
            BenchClient owner = owners.get();
            long started = scope.counts().calling();
            owner.submitAsync(BenchClient.NO_OP_JOB).thenAccept(answer -> {
                scope.tracker().accepted(answer, started);
                if (owner != scope.client()) {
                    scope.ownedBy(answer.jobIds(), owner);
                }
                ids.addAll(answer.jobIds());
                scope.counts().answered(answer);
            });
        });
    }

    /** {@code completedSeen} and {@code latencyMs} of the jobs {@code ids}; with a prefix, {@code afterLatencyMs} … */
    static void putLatency(Map<String, Object> figures, String prefix, JobTracker tracker, Collection<String> ids) {
        List<String> accepted = List.copyOf(ids);
        figures.put(prefix.isEmpty() ? "completedSeen" : prefix + "CompletedSeen", tracker.completedAmong(accepted));
        figures.put(prefix.isEmpty() ? "latencyMs" : prefix + "LatencyMs",
                Percentiles.ofNanos(tracker.latencies(accepted)));
    }
}
