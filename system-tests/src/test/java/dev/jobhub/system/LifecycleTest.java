package dev.jobhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancellation, timeouts, singletons and delays through the public API, with real workers. */
class LifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PlatformClient aNewUser() {
        return new PlatformClient(RunningPlatform.get(), TestTokens.user("life-" + UUID.randomUUID()));
    }

    @Test
    void anActiveJobIsCancelledByItsWorkerAtTheNextStep() {
        PlatformClient client = aNewUser();
        UUID jobId = client.submitSleep(40, 250, null);
        await().atMost(WAIT).until(() -> client.job(jobId).extract().path("progress.current") instanceof Integer current
                && current >= 2);

        client.cancel(jobId).statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(202)));

        await().atMost(WAIT).until(() -> client.state(jobId).equals("cancelled"));
        int reached = client.job(jobId).extract().path("progress.current");
        assertThat(reached).isLessThan(40);
        client.cancel(jobId).statusCode(409);
    }

    @Test
    void aJobThatFailsTwiceSucceedsOnItsThirdAttempt() {
        PlatformClient client = aNewUser();
        String id = client.submit("{\"type\":\"sleep\",\"maxAttempts\":3,"
                + "\"backoff\":{\"type\":\"fixed\",\"delayMs\":500},"
                + "\"payload\":{\"steps\":2,\"stepMillis\":10,\"failAtStep\":1,\"failTimes\":2}}")
                .statusCode(202).extract().path("jobId");
        UUID jobId = UUID.fromString(id);

        await().atMost(WAIT).until(() -> client.state(jobId).equals("completed"));
        client.job(jobId).body("attempts", equalTo(3)).body("attemptErrors.size()", equalTo(2))
                .body("attemptErrors[0].code", equalTo("handler_error"));
    }

    @Test
    void aJobOverItsTimeoutFailsWithATimeoutError() {
        PlatformClient client = aNewUser();
        String id = client.submit("{\"type\":\"sleep\",\"timeoutMs\":1000,\"maxAttempts\":1,"
                + "\"payload\":{\"steps\":20,\"stepMillis\":200}}").statusCode(202).extract().path("jobId");
        UUID jobId = UUID.fromString(id);

        await().atMost(WAIT).until(() -> client.state(jobId).equals("failed"));
        client.job(jobId).body("error.code", equalTo("timeout"));
    }

    @Test
    void aSecondSingletonSubmissionIsAConflictNamingTheFirst() {
        PlatformClient client = aNewUser();
        String key = "nightly-" + UUID.randomUUID();
        String body = "{\"type\":\"sleep\",\"singletonKey\":\"" + key + "\",\"payload\":{\"steps\":5,\"stepMillis\":200}}";
        String first = client.submit(body).statusCode(202).extract().path("jobId");

        client.submit(body).statusCode(409).contentType("application/problem+json").body("existingJobId", equalTo(first));

        await().atMost(WAIT).until(() -> client.state(UUID.fromString(first)).equals("completed"));
        client.submit(body).statusCode(202);
    }

    @Test
    void aDelayedJobWaitsThenRuns() {
        PlatformClient client = aNewUser();
        Instant submitted = Instant.now();
        String id = client.submit("{\"type\":\"sleep\",\"delayMs\":3000,\"payload\":{\"steps\":1,\"stepMillis\":1}}")
                .statusCode(202).body("state", equalTo("delayed")).extract().path("jobId");
        UUID jobId = UUID.fromString(id);

        await().atMost(WAIT).until(() -> client.state(jobId).equals("completed"));
        Instant started = Instant.parse(client.job(jobId).extract().path("startedAt"));
        assertThat(started).isAfterOrEqualTo(submitted.plusSeconds(3));
    }
}
