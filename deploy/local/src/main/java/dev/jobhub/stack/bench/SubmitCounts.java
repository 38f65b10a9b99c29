package dev.jobhub.stack.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Submit calls of a workload: jobs accepted, answers refused by status (or failure), offers not sent. */
final class SubmitCounts {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong acceptedJobs = new AtomicLong();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile long firstCallNanos;
    private volatile long lastAnswerNanos;

    /** Called just before a submit call; returns its start time. */
    long calling() {
        long now = System.nanoTime();
        if (calls.getAndIncrement() == 0) {
            firstCallNanos = now;
        }
        inFlight.incrementAndGet();
        return now;
    }

    void answered(BenchClient.Submitted answer) {
        lastAnswerNanos = System.nanoTime();
        inFlight.decrementAndGet();
        if (answer.accepted()) {
            acceptedJobs.addAndGet(answer.jobIds().size());
        } else {
            refused.computeIfAbsent(answer.outcome(), o -> new LongAdder()).increment();
        }
    }

    /** An offer the open loop could not send: too many calls were already waiting for an answer. */
    void notSent() {
        notSent.incrementAndGet();
    }

    long calls() {
        return calls.get();
    }

    long acceptedJobs() {
        return acceptedJobs.get();
    }

    long inFlight() {
        return inFlight.get();
    }

    long notSentCount() {
        return notSent.get();
    }

    long firstCallNanos() {
        return firstCallNanos;
    }

    long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    /** Refused calls by HTTP status or failure, e.g. {@code {"503": 12, "HttpTimeoutException": 3}}. */
    Map<String, Long> refused() {
        Map<String, Long> byOutcome = new TreeMap<>();
        refused.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
        return byOutcome;
    }
}
