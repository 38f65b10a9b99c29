package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * W4: a burst of 1,000 no-op jobs/s offered, then W2's 200 jobs/s for 20 s: how long the burst's backlog takes to
 * drain after the burst ends, the latency of all the jobs offered after it, and the latency of those offered once the
 * backlog had drained (does the system recover, back to W2's figures?).
 */
final class BurstWorkload {

    static final double BURST_RATE = 1000;

    private BurstWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        Duration burst = Duration.ofSeconds(run.quick() ? 3 : 10);
        Duration after = Duration.ofSeconds(run.quick() ? 10 : 20);
        WorkloadScope scope = new WorkloadScope(run, "w4", "W4");
        Set<String> burstIds = ConcurrentHashMap.newKeySet();
        Set<String> afterIds = ConcurrentHashMap.newKeySet();
        long burstEnd = LatencyWorkload.offer(scope, BURST_RATE, burst, burstIds);
        long burstCalls = scope.counts().calls();
        long burstNotSent = scope.counts().notSentCount();
        LatencyWorkload.offer(scope, LatencyWorkload.RATE, after, afterIds);
        scope.awaitAnswers();
        boolean allSeen = scope.awaitCompletion(scope.tracker()::acceptedIds);
        boolean burstDrained = scope.tracker().allCompleted(burstIds);
        long lastBurstCompletion = scope.tracker().lastCompletionNanos(burstIds);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("burstPerSecond", BURST_RATE);
        figures.put("burstSeconds", burst.toSeconds());
        figures.put("burstOffered", (long) (BURST_RATE * burst.toSeconds()));
        figures.put("burstCalls", burstCalls);
        figures.put("burstNotSentInFlightCap", burstNotSent);
        figures.put("burstAccepted", burstIds.size());
        figures.put("burstCompletedSeen", scope.tracker().completedAmong(burstIds));
        figures.put("burstDrained", burstDrained);
        figures.put("burstDrainedSecondsAfterBurst", !burstDrained ? null
                : WorkloadScope.round(WorkloadScope.seconds(burstEnd, lastBurstCompletion), 2));
        figures.put("afterPerSecond", LatencyWorkload.RATE);
        figures.put("afterSeconds", after.toSeconds());
        figures.put("afterAccepted", afterIds.size());
        LatencyWorkload.putLatency(figures, "after", scope.tracker(), afterIds);
        List<String> recovered = burstDrained ? scope.tracker().submittedAfter(afterIds, lastBurstCompletion)
                : List.of();
        figures.put("afterDrainedAccepted", recovered.size());
        LatencyWorkload.putLatency(figures, "afterDrained", scope.tracker(), recovered);
        figures.put("refusedCalls", scope.counts().refused());
        figures.put("notSentInFlightCap", scope.counts().notSentCount());
        figures.put("allSeenCompleted", allSeen);
        return scope.finish("W4", String.format("burst of %.0f no-op jobs/s for %d s, then %.0f jobs/s for %d s "
                + "(open loop, POST /api/jobs)", BURST_RATE, burst.toSeconds(), LatencyWorkload.RATE,
                after.toSeconds()), figures);
    }
}
