package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.Topics;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TopicRecording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every api-service replica killed with SIGKILL as soon as the outbox relay starts publishing a backlog of 2,000
 * commands (built up while Kafka was stopped): its batch is cut off somewhere between the first send and the delete of
 * the sent rows. Rows it had not deleted are published again after the restart, so some commands may reach the workers
 * twice; no accepted job is lost and none completes twice (the worker fences on job and attempt).
 */
class RelayCrashTest {

    private static final int CALLS = 10;
    private static final int PER_CALL = 200;

    @Test
    void anApiKilledWhileItsRelayPublishesABacklogLosesNoJobAndCompletesNoneTwice() throws InterruptedException {
        RunningPlatform platform = RunningPlatform.get();
        String user = "relay-crash-" + UUID.randomUUID();
        PlatformClient client = new PlatformClient(platform, TestTokens.user(user));
        String body = Collections.nCopies(PER_CALL, PlatformClient.sleepJob(0, 1, null)).stream()
                .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
        SharedInfra infra = SharedInfra.get();

        List<UUID> accepted = new ArrayList<>();
        // the recordings' consumers outlive the broker's restart and go on from where they were
        try (TopicRecording commands = TestKafka.record(Topics.COMMANDS_NORMAL);
                TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            infra.stopKafka();
            try {
                for (int call = 0; call < CALLS; call++) {
                    client.api("POST", "/api/jobs/batch", body).statusCode(202).extract()
                            .<List<String>>path("jobs.jobId").forEach(id -> accepted.add(UUID.fromString(id)));
                }
            } finally {
                infra.startKafka();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !commandsOf(commands, user).isEmpty());
            platform.apis().forEach(ServiceProcess::kill);
            long publishedAtKill = commandsOf(commands, user).size();
            platform.apis().forEach(platform::restart);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> completedJobs(events, user).keySet().containsAll(accepted));
            // long enough for a command published twice to have reached a worker again
            Thread.sleep(Duration.ofSeconds(5).toMillis());

            Map<UUID, Long> completions = completedJobs(events, user);
            assertThat(completions).as("every accepted job completed, and nothing else").hasSize(accepted.size());
            assertThat(completions.entrySet()).as("no job completed twice")
                    .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey().toString()).isOne());
            long publishedTwice = commandsOf(commands, user).stream()
                    .collect(Collectors.groupingBy(command -> command.jobId() + "#" + command.attempt(),
                            Collectors.counting()))
                    .values().stream().filter(count -> count > 1).count();
            System.out.printf("relay crash: %d jobs accepted while Kafka was down; the replicas were killed when %d"
                    + " commands had been seen; %d commands were published more than once; every job completed"
                    + " once%n", accepted.size(), publishedAtKill, publishedTwice);
        }
    }

    private static List<JobCommand> commandsOf(TopicRecording commands, String user) {
        return commands.commands().stream().filter(command -> user.equals(command.userId())).toList();
    }

    /** Completions per job of the user: a job the user never had would show up here too. */
    private static Map<UUID, Long> completedJobs(TopicRecording events, String user) {
        return events.events().stream()
                .filter(event -> event.type() == JobEventType.COMPLETED && user.equals(event.userId()))
                .collect(Collectors.groupingBy(JobEvent::jobId, Collectors.counting()));
    }
}
