package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every api-service replica killed with SIGKILL while a client submits batches of no-op jobs back to back, so that
 * the outbox relay is in the middle of publishing its batches when it dies. Rows it had published but not yet deleted
 * are published again after the restart, rows it had not reached are published then: no accepted job is lost, and a
 * command delivered twice runs once (the worker fences on job and attempt), so no job completes twice.
 */
class RelayCrashTest {

    private static final int PER_CALL = 200;

    @Test
    void anApiKilledWhileItsRelayPublishesBatchesLosesNoJobAndCompletesNoneTwice() throws InterruptedException {
        RunningPlatform platform = RunningPlatform.get();
        String user = "relay-crash-" + UUID.randomUUID();
        PlatformClient client = new PlatformClient(platform, TestTokens.user(user));
        String body = Collections.nCopies(PER_CALL, PlatformClient.sleepJob(0, 1, null)).stream()
                .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
        Set<UUID> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean submitting = new AtomicBoolean(true);
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL);
                TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            Thread submitter = new Thread(() -> {
                while (submitting.get()) {
                    try {
                        client.api("POST", "/api/jobs/batch", body).statusCode(202).extract()
                                .<List<String>>path("jobs.jobId").forEach(id -> accepted.add(UUID.fromString(id)));
                    } catch (RuntimeException | AssertionError refusedWhileDown) {
                        // not accepted: the client would retry, and this test counts only what was accepted
                    }
                }
            }, "relay-crash-submitter");
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> commandsOf(commands, user).size() >= 2 * PER_CALL);
            platform.apis().forEach(ServiceProcess::kill);
            int acceptedAtKill = accepted.size();
            int publishedAtKill = commandsOf(commands, user).size();
            try {
                Thread.sleep(Duration.ofSeconds(2).toMillis());
            } finally {
                platform.apis().forEach(platform::restart);
            }
            // and the load goes on for a while against the restarted replicas
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted.size() >= acceptedAtKill + 4 * PER_CALL);
            submitting.set(false);
            submitter.join(Duration.ofSeconds(30).toMillis());

            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> completedJobs(events, user).keySet().containsAll(accepted));
            // long enough for a command published twice to have reached a worker again
            Thread.sleep(Duration.ofSeconds(5).toMillis());

            Map<UUID, Long> completions = completedJobs(events, user);
            assertThat(completions.keySet()).as("every accepted job completed").containsAll(accepted);
            assertThat(completions.entrySet()).as("no job completed twice")
                    .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey().toString()).isOne());
            long publishedTwice = commandsOf(commands, user).stream()
                    .collect(Collectors.groupingBy(command -> command.jobId() + "#" + command.attempt(),
                            Collectors.counting()))
                    .values().stream().filter(count -> count > 1).count();
            System.out.printf("relay crash: %d jobs accepted, %d of them before the kill, %d commands published before"
                    + " it; %d commands published more than once, %d jobs completed (each once)%n",
                    accepted.size(), acceptedAtKill, publishedAtKill, publishedTwice, completions.size());
        } finally {
            submitting.set(false);
        }
    }

    private static List<JobCommand> commandsOf(TopicRecording commands, String user) {
        return commands.commands().stream().filter(command -> user.equals(command.userId())).toList();
    }

    /** Completions per job of the user, including jobs whose batch call failed but whose transaction committed. */
    private static Map<UUID, Long> completedJobs(TopicRecording events, String user) {
        return events.events().stream()
                .filter(event -> event.type() == JobEventType.COMPLETED && user.equals(event.userId()))
                .collect(Collectors.groupingBy(JobEvent::jobId, Collectors.counting()));
    }
}
