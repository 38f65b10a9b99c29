package dev.jobhub.stack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One workload's jobs: when each was submitted (the nanoTime just before its submit call) and what the WebSocket
 * said about it. Events arrive on the listener's parser thread; the workload's threads read.
 */
final class JobTracker implements EventListener.Sink {

    private static final int REST_CHECKERS = 16;
    private static final int IDS_SHOWN = 10;
    private static final int GIVE_UP_AFTER_FAILURES = 32;

    /** The completions seen of one job: how many, the first one's receive time and event id. */
    private static final class Completions {
        volatile int count = 1;
        volatile boolean distinctEvents;
        final long firstNanos;
        final String firstEventId;

        Completions(long firstNanos, String firstEventId) {
            this.firstNanos = firstNanos;
            this.firstEventId = firstEventId;
        }
    }

    private final Map<String, Long> submitted = new ConcurrentHashMap<>();
    private final Map<String, Completions> completed = new ConcurrentHashMap<>();
    private final LongSamples progressDelayMicros = new LongSamples();
    private final AtomicLong progressEvents = new AtomicLong();
    private volatile long lastCompletionNanos;
    private volatile long lastProgressNanos;

    void accepted(String jobId, long submitNanos) {
        submitted.put(jobId, submitNanos);
    }

    void accepted(BenchClient.Submitted answer, long submitNanos) {
        answer.jobIds().forEach(id -> accepted(id, submitNanos));
    }

    int acceptedCount() {
        return submitted.size();
    }

    int completedSeen() {
        return completed.size();
    }

    long progressEvents() {
        return progressEvents.get();
    }

    long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    long[] progressDelayMicros() {
        return progressDelayMicros.toArray();
    }

    @Override
    public void onEvent(String eventId, String type, String jobId, Instant occurredAt, long receivedNanos,
            Instant receivedAt) {
        switch (type) {
            case "job.completed" -> {
                Completions seen = completed.putIfAbsent(jobId, new Completions(receivedNanos, eventId));
                if (seen == null) {
                    lastCompletionNanos = receivedNanos;
                } else {
                    seen.count++;
                    seen.distinctEvents |= eventId == null || !eventId.equals(seen.firstEventId);
                }
            }
            case "job.progress" -> {
                progressEvents.incrementAndGet();
                lastProgressNanos = receivedNanos;
                if (occurredAt != null) {
                    Duration delay = Duration.between(occurredAt, receivedAt);
                    progressDelayMicros.add(Math.max(0, delay.toNanos() / 1000));
                }
            }
            default -> {
                // queued, started, failed … are counted by the listener
            }
        }
    }

    /** True once every job in {@code ids} has been seen completed. */
    boolean allCompleted(Collection<String> ids) {
        for (String id : ids) {
            if (!completed.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    /** How many jobs of {@code ids} were seen completed. */
    int completedAmong(Collection<String> ids) {
        int seen = 0;
        for (String id : ids) {
            seen += completed.containsKey(id) ? 1 : 0;
        }
        return seen;
    }

    List<String> acceptedIds() {
        return new ArrayList<>(submitted.keySet());
    }

    /** Submit → first {@code job.completed} seen, in nanoseconds, for the jobs of {@code ids} seen completed. */
    long[] latencies(Collection<String> ids) {
        LongSamples latencies = new LongSamples();
        for (String id : ids) {
            Completions seen = completed.get(id);
            Long start = submitted.get(id);
            if (seen != null && start != null) {
                latencies.add(seen.firstNanos - start);
            }
        }
        return latencies.toArray();
    }

    /** Those of {@code ids} whose submit call started after {@code nanos}. */
    List<String> submittedAfter(Collection<String> ids, long nanos) {
        return ids.stream().filter(id -> {
            Long start = submitted.get(id);
            return start != null && start - nanos > 0;
        }).toList();
    }

    /** The last first-completion among {@code ids}, or 0 if none was seen. */
    long lastCompletionNanos(Collection<String> ids) {
        long last = 0;
        for (String id : ids) {
            Completions seen = completed.get(id);
            if (seen != null) {
                last = Math.max(last, seen.firstNanos);
            }
        }
        return last;
    }

    /**
     * Judges the accepted jobs; those not seen completed are looked up once through REST, as their owner
     * ({@code clientOf} the job id), within {@code limit}. A job REST could not tell about (an error answer, no
     * answer) is not checked, not lost.
     */
    Correctness reconcile(Function<String, BenchClient> clientOf, Duration limit) {
        int once = 0;
        List<String> duplicatedIds = new ArrayList<>();
        int duplicatedRuns = 0;
        List<String> unseen = new ArrayList<>();
        for (String id : submitted.keySet()) {
            Completions seen = completed.get(id);
            if (seen == null) {
                unseen.add(id);
            } else if (seen.count == 1) {
                once++;
            } else {
                duplicatedIds.add(id);
                duplicatedRuns += seen.distinctEvents ? 1 : 0;
            }
        }
        int unknown = (int) completed.keySet().stream().filter(id -> !submitted.containsKey(id)).count();
        Map<String, String> states = lookUp(clientOf, unseen, limit);
        int pushLost = 0;
        Map<String, Integer> lostByState = new TreeMap<>();
        List<String> lostIds = new ArrayList<>();
        int unanswered = 0;
        for (Map.Entry<String, String> entry : states.entrySet()) {
            if (entry.getValue().equals("completed")) {
                pushLost++;
            } else if (!BenchClient.isState(entry.getValue())) {
                unanswered++;
            } else {
                lostByState.merge(entry.getValue(), 1, Integer::sum);
                if (lostIds.size() < IDS_SHOWN) {
                    lostIds.add(entry.getKey());
                }
            }
        }
        int lost = states.size() - pushLost - unanswered;
        return new Correctness(submitted.size(), once, duplicatedIds.size(), duplicatedRuns, pushLost, lost,
                lostByState, unseen.size() - states.size() + unanswered, unknown, lostIds,
                duplicatedIds.subList(0, Math.min(IDS_SHOWN, duplicatedIds.size())));
    }

    private static Map<String, String> lookUp(Function<String, BenchClient> clientOf, List<String> ids,
            Duration limit) {
        Map<String, String> states = new ConcurrentHashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        System.out.printf("  checking %,d jobs not seen completed through GET /api/jobs/{id}%n", ids.size());
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicInteger failuresInARow = new AtomicInteger();
        ExecutorService checkers = Executors.newFixedThreadPool(REST_CHECKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(checkers.submit(() -> {
                    // an API that answers nothing but errors is not asked a thousand times more
                    if (System.nanoTime() < deadline && failuresInARow.get() < GIVE_UP_AFTER_FAILURES) {
                        String state = clientOf.apply(id).state(id);
                        states.put(id, state);
                        failuresInARow.set(BenchClient.isState(state) ? 0 : failuresInARow.get() + 1);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(35),
                        TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            System.out.println("  ! REST check stopped: " + e);
        } finally {
            checkers.shutdownNow();
        }
        return states;
    }
}
