package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL while it holds batches of commands (some running, some waiting for a slot, some
 * started but not yet acknowledged): every job still completes, and no attempt completes twice.
 */
class WorkerBatchCrashTest {

    private static final int JOBS = 200;

    @Test
    void aWorkerKilledInTheMiddleOfABatchLosesNoJobAndRunsNoAttemptTwice() {
        RunningPlatform platform = RunningPlatform.get();
        PlatformClient client = new PlatformClient(platform, TestTokens.user("batch-crash-" + UUID.randomUUID()));
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            // a second each: 200 jobs keep the two workers' 4 slots each busy for ~25 s, so the kill comes mid-batch
            String body = Collections.nCopies(JOBS, PlatformClient.sleepJob(4, 250, null)).stream()
                    .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
            List<UUID> jobIds = client.api("POST", "/api/jobs/batch", body).statusCode(202)
                    .extract().<List<String>>path("jobs.jobId").stream().map(UUID::fromString).toList();
            Set<UUID> ours = Set.copyOf(jobIds);

            // both workers are busy with the batch's jobs: kill the one that started the latest of them
            await().atMost(Duration.ofSeconds(60)).until(() -> completed(events, ours).size() >= 10);
            JobEvent latestStart = events.events().stream()
                    .filter(event -> ours.contains(event.jobId()) && event.type() == JobEventType.STARTED)
                    .reduce((first, second) -> second).orElseThrow();
            ServiceProcess victim = platform.workerNamed(latestStart.workerId());
            int completedBefore = completed(events, ours).size();
            victim.kill();
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> completed(events, ours).stream().map(JobEvent::jobId).distinct().count() == JOBS);
            } finally {
                platform.restart(victim);
            }

            List<JobEvent> completions = completed(events, ours);
            Map<String, Long> perAttempt = completions.stream()
                    .collect(Collectors.groupingBy(event -> event.jobId() + "#" + event.attempt(),
                            Collectors.counting()));
            assertThat(perAttempt.entrySet()).as("no attempt completed twice")
                    .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey()).isOne());
            Map<UUID, Long> perJob = completions.stream()
                    .collect(Collectors.groupingBy(JobEvent::jobId, Collectors.counting()));
            assertThat(perJob).as("every job completed").hasSize(JOBS);
            assertThat(perJob.entrySet()).as("no job completed twice")
                    .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey().toString()).isOne());
            // and so the job records say, once the projection has caught up (one job at a time: 200 requests)
            jobIds.forEach(jobId -> await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> client.state(jobId).equals("completed")));
            Map<Integer, Long> attempts = completions.stream()
                    .collect(Collectors.groupingBy(JobEvent::attempt, Collectors.counting()));
            System.out.printf("batch crash: %d of %d jobs had completed when the worker was killed; completions by"
                    + " attempt %s%n", completedBefore, JOBS, attempts);
        }
    }

    private static List<JobEvent> completed(TopicRecording events, Set<UUID> jobIds) {
        return events.events().stream()
                .filter(event -> event.type() == JobEventType.COMPLETED && jobIds.contains(event.jobId()))
                .toList();
    }
}
