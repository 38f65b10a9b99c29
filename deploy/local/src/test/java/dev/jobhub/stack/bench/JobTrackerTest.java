package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTrackerTest {

    private final JobTracker tracker = new JobTracker();

    private void event(String eventId, String type, String jobId, long nanos) {
        tracker.onEvent(eventId, type, jobId, Instant.parse("2025-01-01T00:00:00Z"), nanos,
                Instant.parse("2025-01-01T00:00:00.004Z"));
    }

    @Test
    void aJobIsJudgedByTheCompletionsSeenOfItsId() {
        tracker.accepted("a", 100);
        tracker.accepted("b", 200);
        tracker.accepted("c", 300);
        event("e1", "job.started", "a", 150);
        event("e2", "job.completed", "a", 1_100);
        event("e3", "job.completed", "b", 1_200);
        event("e4", "job.completed", "b", 1_300);
        event("e5", "job.completed", "c", 1_400);
        event("e5", "job.completed", "c", 1_500);
        event("e6", "job.completed", "x", 1_600);

        Correctness correctness = tracker.reconcile(id -> null, Duration.ofSeconds(1));

        assertThat(correctness.accepted()).isEqualTo(3);
        assertThat(correctness.completedOnce()).isEqualTo(1);
        assertThat(correctness.duplicated()).isEqualTo(2);
        // b completed in two events: it ran twice; c's one event was pushed twice
        assertThat(correctness.duplicatedRuns()).isEqualTo(1);
        assertThat(correctness.lost()).isZero();
        assertThat(correctness.completedUnknownJobs()).isEqualTo(1);
        assertThat(correctness.ok()).isFalse();
    }

    @Test
    void aJobRestCannotTellAboutIsNotCheckedRatherThanLost() {
        tracker.accepted("a", 100);
        BenchClient nobody = new BenchClient(BenchClient.newHttpClient(), "http://127.0.0.1:1", "token");

        Correctness correctness = tracker.reconcile(id -> nobody, Duration.ofSeconds(20));

        assertThat(correctness.lost()).isZero();
        assertThat(correctness.notChecked()).isEqualTo(1);
        assertThat(correctness.ok()).isFalse();
        assertThat(BenchClient.isState("queued")).isTrue();
        assertThat(BenchClient.isState("missing (404)")).isTrue();
        assertThat(BenchClient.isState("HTTP 500")).isFalse();
    }

    @Test
    void latencyRunsFromSubmitToTheFirstCompletion() {
        tracker.accepted("a", 1_000_000);
        tracker.accepted("b", 2_000_000);
        event("e1", "job.completed", "a", 6_000_000);
        event("e2", "job.completed", "a", 9_000_000);

        assertThat(tracker.latencies(List.of("a", "b"))).containsExactly(5_000_000);
        assertThat(tracker.completedAmong(List.of("a", "b"))).isEqualTo(1);
        assertThat(tracker.allCompleted(List.of("a", "b"))).isFalse();
        assertThat(tracker.lastCompletionNanos(List.of("a", "b"))).isEqualTo(6_000_000);
    }

    @Test
    void progressDelayIsReceiveTimeAgainstOccurredAt() {
        event("p1", "job.progress", "a", 10);
        event("p2", "job.progress", "a", 20);

        assertThat(tracker.progressEvents()).isEqualTo(2);
        assertThat(tracker.progressDelayMicros()).containsExactly(4_000, 4_000);
        assertThat(tracker.lastProgressNanos()).isEqualTo(20);
    }
}
