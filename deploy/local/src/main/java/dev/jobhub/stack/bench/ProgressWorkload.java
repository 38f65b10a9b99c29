package dev.jobhub.stack.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3: jobs of 10 progress steps of 0 ms each, submitted in batches: how many progress events per second reach the
 * WebSocket, and how late (receive time against the event's {@code occurredAt}).
 */
final class ProgressWorkload {

    static final int STEPS = 10;

    private ProgressWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        int jobs = run.quick() ? 100 : 1_000;
        WorkloadScope scope = new WorkloadScope(run, "w3", "W3");
        String job = BenchClient.progressJob(STEPS, 0);
        for (int from = 0; from < jobs; from += ThroughputWorkload.BATCH_SIZE) {
            long started = scope.counts().calling();
            BenchClient.Submitted answer = scope.client()
                    .submitBatchAsync(job, Math.min(ThroughputWorkload.BATCH_SIZE, jobs - from)).join();
            scope.tracker().accepted(answer, started);
            scope.counts().answered(answer);
        }
        JobTracker tracker = scope.tracker();
        boolean allSeen = scope.awaitCompletion(tracker::acceptedIds);
        long expected = (long) tracker.acceptedCount() * STEPS;
        long seen = tracker.progressEvents();
        double seconds = WorkloadScope.seconds(scope.counts().firstCallNanos(), tracker.lastProgressNanos());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("jobs", jobs);
        figures.put("accepted", scope.counts().acceptedJobs());
        figures.put("refusedCalls", scope.counts().refused());
        figures.put("progressExpected", expected);
        figures.put("progressSeen", seen);
        figures.put("progressSeconds", seen == 0 ? null : WorkloadScope.round(seconds, 2));
        figures.put("progressEventsPerSecond", seen == 0 ? null : Math.round(seen / seconds));
        figures.put("progressDelayMs", Percentiles.of(tracker.progressDelayMicros(), 1000.0));
        figures.put("allSeenCompleted", allSeen);
        return scope.finish("W3", String.format("%,d jobs × %d progress steps of 0 ms (POST /api/jobs/batch)",
                jobs, STEPS), figures);
    }
}
