package dev.jobhub.stack.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W1: no-op jobs submitted as fast as the API takes them, through {@code POST /api/jobs/batch} (batches of 1,000,
 * four in flight) or through single {@code POST /api/jobs} calls from 64 concurrent clients; then the drain, from the
 * first submit to the last {@code job.completed} seen. Submitting stops after five minutes, whatever was sent.
 */
final class ThroughputWorkload {

    static final int BATCH_SIZE = 1000;
    static final int BATCHES_IN_FLIGHT = 4;
    static final int SINGLE_CLIENTS = 64;
    private static final long SUBMIT_LIMIT_MINUTES = 5;

    private ThroughputWorkload() {
    }

    static WorkloadResult run(BenchRun run, boolean batch) {
        int jobs = run.quick() ? 2_000 : 20_000;
        String name = batch ? "W1 batch" : "W1 single";
        WorkloadScope scope = new WorkloadScope(run, batch ? "w1-batch" : "w1-single", name);
        int callers = batch ? BATCHES_IN_FLIGHT : SINGLE_CLIENTS;
        int perCall = batch ? BATCH_SIZE : 1;
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(SUBMIT_LIMIT_MINUTES);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int i = 0; i < callers; i++) {
            pool.execute(() -> {
                int from;
                while ((from = next.getAndAdd(perCall)) < jobs && System.nanoTime() < deadline) {
                    int count = Math.min(perCall, jobs - from);
                    long started = scope.counts().calling();
                    BenchClient.Submitted answer = batch
                            ? scope.client().submitBatchAsync(BenchClient.NO_OP_JOB, count).join()
                            : scope.client().submitAsync(BenchClient.NO_OP_JOB).join();
                    scope.tracker().accepted(answer, started);
                    scope.counts().answered(answer);
                }
            });
        }
        pool.shutdown();
        awaitTermination(pool);
        SubmitCounts counts = scope.counts();
        boolean drained = scope.awaitCompletion(scope.tracker()::acceptedIds);
        long accepted = counts.acceptedJobs();
        double submitSeconds = WorkloadScope.seconds(counts.firstCallNanos(), counts.lastAnswerNanos());
        List<String> ids = scope.tracker().acceptedIds();
        long lastCompletion = scope.tracker().lastCompletionNanos(ids);
        double drainSeconds = WorkloadScope.seconds(counts.firstCallNanos(), lastCompletion);
        int completedSeen = scope.tracker().completedAmong(ids);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("jobs", jobs);
        figures.put("accepted", accepted);
        figures.put("refusedCalls", counts.refused());
        figures.put("submitSeconds", WorkloadScope.round(submitSeconds, 2));
        figures.put("submitJobsPerSecond", Math.round(accepted / submitSeconds));
        figures.put("completedSeen", completedSeen);
        figures.put("drainSeconds", lastCompletion == 0 ? null : WorkloadScope.round(drainSeconds, 2));
        figures.put("drainJobsPerSecond", lastCompletion == 0 ? null
                : Math.round(completedSeen / drainSeconds));
        figures.put("allSeenCompleted", drained);
        String description = batch
                ? String.format("%,d no-op jobs via POST /api/jobs/batch (%,d per batch, %d batches in flight)",
                        jobs, BATCH_SIZE, BATCHES_IN_FLIGHT)
                : String.format("%,d no-op jobs via POST /api/jobs from %d concurrent clients", jobs, SINGLE_CLIENTS);
        return scope.finish(name, description, figures);
    }

    static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(SUBMIT_LIMIT_MINUTES + 2, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
