package dev.jobhub.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The email outbox survives its sender: notification-service killed with SIGKILL while it sends a burst of job
 * emails. After its restart every job's email arrives, and an email sent twice (the kill fell between the SMTP
 * server's acceptance and the outbox's record of it) carries the same Message-ID both times, so mail clients that
 * de-duplicate by it show it once.
 */
class EmailAcrossNotifierKillTest {

    private static final int JOBS = 300;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void everyEmailOfABurstArrivesAfterTheNotifierIsKilledMidSend() {
        RunningPlatform platform = RunningPlatform.get();
        String user = "hugo-" + UUID.randomUUID();
        String address = user + "@example.com";
        String token = TestTokens.withClaims(user, claims -> claims.put("email", address));
        given().baseUri(platform.notifierUrl()).auth().oauth2(token).get("/api/notifications/profile").then()
                .statusCode(200);

        String jobs = IntStream.range(0, JOBS).mapToObj(i -> "{\"type\":\"sleep\",\"payload\":{\"steps\":0}}")
                .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
        List<String> ids = given().baseUri(platform.apiUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(jobs).post("/api/jobs/batch").then().statusCode(202).extract().jsonPath()
                .getList("jobs.jobId", String.class);
        assertThat(ids).hasSize(JOBS);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> TestSmtp.get().receivedBy(address).size() >= 10);
        platform.notifier().kill();
        int beforeKill = TestSmtp.get().receivedBy(address).size();
        platform.restart(platform.notifier());

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> distinctMessages(address) == JOBS);
        List<TestSmtp.ReceivedMail> mails = TestSmtp.get().receivedBy(address);
        Map<String, Long> copies = mails.stream()
                .collect(Collectors.groupingBy(TestSmtp.ReceivedMail::messageId, Collectors.counting()));
        // one Message-ID per job (it is derived from the job's notification), never a second email of a job
        assertThat(copies).as("distinct emails").hasSize(JOBS);
        assertThat(copies.values()).as("copies of one Message-ID: at most the sends in flight at the kill")
                .allMatch(n -> n <= 2);
        assertThat(beforeKill).as("the kill fell within the burst").isLessThan(JOBS);
    }

    private static long distinctMessages(String address) {
        return TestSmtp.get().receivedBy(address).stream().map(TestSmtp.ReceivedMail::messageId).distinct().count();
    }

}
