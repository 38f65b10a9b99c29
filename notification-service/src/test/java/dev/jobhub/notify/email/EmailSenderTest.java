package dev.jobhub.notify.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobhub.notify.event.EventIntake;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestSmtp.ReceivedMail;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox drained against a real SMTP server (GreenMail) and PostgreSQL: delivery, retries through an outage, the
 * circuit breaker, leases of dead senders, concurrent claims and permanent refusals. Backoffs and the breaker's delay
 * are the short ones of the test profile.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class EmailSenderTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Inject
    EmailOutbox outbox;
    @Inject
    Pool pool;
    @Inject
    CircuitBreakerMaintenance breakers;
    @Inject
    Scheduler scheduler;
    @Inject
    MeterRegistry meters;
    @Inject
    EmailSender sender;
    @Inject
    EmailConfig config;
    @Inject
    EventIntake intake;

    private final TestSmtp smtp = TestSmtp.get();

    @BeforeEach
    void smtpUpAndBreakerClosed() {
        smtp.start();
        breakers.reset(EmailSender.BREAKER);
        scheduler.resume("email-sender");
    }

    @AfterEach
    void leaveSmtpUp() {
        smtp.start();
        scheduler.resume("email-sender");
    }

    @Test
    void anEnqueuedEmailArrivesOnceWithItsSubjectBodiesAndMessageId() {
        EmailMessage message = message(someAddress(), "Job sleep completed", "<p>done</p>");
        double sentBefore = counter("jobhub.notify.email.sent");
        outbox.enqueue(List.of(message)).await().atMost(AWAIT);

        await().atMost(AWAIT).until(() -> statusOf(message.id()).status().equals(EmailStatus.SENT));
        EmailStatus status = statusOf(message.id());
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.sentAt()).isNotNull();
        assertThat(status.lastError()).isNull();

        List<ReceivedMail> mails = smtp.receivedBy(message.to());
        assertThat(mails).hasSize(1);
        ReceivedMail mail = mails.get(0);
        assertThat(mail.subject()).isEqualTo("Job sleep completed");
        assertThat(mail.text().strip()).isEqualTo("text of Job sleep completed");
        assertThat(mail.html()).isEqualTo("<p>done</p>");
        assertThat(mail.messageId()).isEqualTo("<" + message.id() + "@jobhub>");
        assertThat(mail.from()).isEqualTo("noreply@jobhub.local");
        assertThat(counter("jobhub.notify.email.sent")).isGreaterThanOrEqualTo(sentBefore + 1);

        // the same id again (a caller repeating itself) is not a second email
        outbox.enqueue(List.of(message)).await().atMost(AWAIT);
        sleep(Duration.ofMillis(600));
        assertThat(smtp.receivedBy(message.to())).hasSize(1);
        assertThat(statusOf(message.id()).attempts()).isEqualTo(1);
    }

    @Test
    void anEmailToRenderFromANotificationThatIsGoneIsSkippedNotSent() {
        String to = someAddress();
        EmailMessage orphan = EmailMessage.renderedWhenSent(UUID.randomUUID(), "user-" + UUID.randomUUID(), to,
                UUID.randomUUID(), Duration.ZERO);
        outbox.enqueue(List.of(orphan)).await().atMost(AWAIT);

        await().atMost(AWAIT).until(() -> statusOf(orphan.id()).status().equals(EmailStatus.SKIPPED));
        assertThat(statusOf(orphan.id()).lastError()).isEqualTo(EmailSender.NOTIFICATION_GONE);
        assertThat(statusOf(orphan.id()).sentAt()).isNull();
        assertThat(smtp.receivedBy(to)).isEmpty();
    }

    @Test
    void whileSmtpIsDownAnEmailIsRetriedWithBackoffAndArrivesOnceItIsBack() {
        smtp.stop();
        double retriedBefore = counter("jobhub.notify.email.retried");
        EmailMessage message = message(someAddress(), "Retried", null);
        outbox.enqueue(List.of(message)).await().atMost(AWAIT);

        await().atMost(AWAIT).until(() -> statusOf(message.id()).attempts() >= 2);
        EmailStatus retrying = statusOf(message.id());
        assertThat(retrying.status()).isEqualTo(EmailStatus.PENDING);
        assertThat(retrying.lastError()).isNotBlank();
        assertThat(counter("jobhub.notify.email.retried")).isGreaterThanOrEqualTo(retriedBefore + 1);

        smtp.start();
        await().atMost(AWAIT).until(() -> statusOf(message.id()).status().equals(EmailStatus.SENT));
        EmailStatus sent = statusOf(message.id());
        assertThat(sent.attempts()).as("attempts before the outage ended, and the one that got through")
                .isGreaterThanOrEqualTo(3);
        assertThat(sent.lastError()).isNull();
        await().atMost(AWAIT).until(() -> smtp.receivedBy(message.to()).size() == 1);
        assertThat(smtp.receivedBy(message.to()).get(0).text()).contains("text of Retried");
        assertThat(smtp.receivedBy(message.to()).get(0).html()).isNull();
    }

    @Test
    void aDeadSmtpOpensTheCircuitWhichHealthShowsAndRowsAreNotChargedWhileItIsOpen() {
        assertThat(emailHealth().getString("data.smtpCircuit")).isEqualTo("closed");
        smtp.stop();
        String to = someAddress();
        List<EmailMessage> messages = IntStream.range(0, 6).mapToObj(i -> message(to, "Outage " + i, null)).toList();
        outbox.enqueue(messages).await().atMost(AWAIT);

        await().atMost(AWAIT).until(() -> "open".equals(emailHealth().getString("data.smtpCircuit")));
        JsonPath health = emailHealth();
        assertThat(health.getString("status")).as("a dead SMTP server does not take the notifier out of service")
                .isEqualTo("UP");
        assertThat(health.getLong("data.pending")).isGreaterThanOrEqualTo(6);
        assertThat(health.getLong("data.oldestPendingSeconds")).isGreaterThanOrEqualTo(0);
        assertThat(health.getLong("data.failed")).isGreaterThanOrEqualTo(0);

        // open: nothing is tried, so no row is charged an attempt (the breaker's delay is 2 s in tests)
        int charged = totalAttempts(messages);
        sleep(Duration.ofMillis(800));
        assertThat(totalAttempts(messages)).isEqualTo(charged);
        assertThat(statuses(messages).values()).allMatch(status -> status.status().equals(EmailStatus.PENDING));

        smtp.start();
        await().atMost(AWAIT).until(() -> smtp.receivedBy(to).size() == messages.size());
        await().atMost(AWAIT).until(() -> "closed".equals(emailHealth().getString("data.smtpCircuit")));
        assertThat(smtp.receivedBy(to).stream().map(ReceivedMail::subject))
                .containsExactlyInAnyOrderElementsOf(messages.stream().map(EmailMessage::subject).toList());
        assertThat(statuses(messages).values()).allMatch(status -> status.status().equals(EmailStatus.SENT));
    }

    @Test
    void aRowLeftLeasedByADeadSenderIsSentOnceTheLeaseExpires() {
        EmailMessage message = message(someAddress(), "Orphaned", null);
        // a replica claimed it (attempt 1, leased for 1.5 s) and died before it could send or record anything
        pool.preparedQuery("""
                INSERT INTO notify.email_outbox (id, user_id, to_address, subject, text_body, kind, status, attempts,
                                                 next_attempt_at, lease_until)
                VALUES ($1, $2, $3, $4, $5, 'system', 'pending', 1, now() - interval '5 seconds',
                        now() + interval '1500 milliseconds')
                """).execute(Tuple.of(message.id(), message.userId(), message.to(), message.subject(),
                message.textBody())).await().atMost(AWAIT);

        sleep(Duration.ofMillis(800));
        assertThat(smtp.receivedBy(message.to())).as("leased: left alone").isEmpty();
        assertThat(statusOf(message.id()).attempts()).isEqualTo(1);

        await().atMost(AWAIT).until(() -> statusOf(message.id()).status().equals(EmailStatus.SENT));
        assertThat(statusOf(message.id()).attempts()).isEqualTo(2);
        List<ReceivedMail> mails = smtp.receivedBy(message.to());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).messageId()).isEqualTo("<" + message.id() + "@jobhub>");
    }

    @Test
    void twoConcurrentClaimsNeverReturnTheSameRow() {
        scheduler.pause("email-sender");
        sleep(Duration.ofMillis(500)); // a round that had started finishes
        String to = someAddress();
        List<EmailMessage> messages = IntStream.range(0, 120).mapToObj(i -> message(to, "Claimed " + i, null))
                .toList();
        outbox.enqueue(messages).await().atMost(AWAIT);

        List<List<EmailOutbox.Claimed>> claims = Uni.join().all(
                outbox.claim(100, Duration.ofMinutes(1)),
                outbox.claim(100, Duration.ofMinutes(1)),
                outbox.claim(100, Duration.ofMinutes(1))).andFailFast().await().atMost(AWAIT);

        Set<UUID> ours = new HashSet<>(messages.stream().map(EmailMessage::id).toList());
        List<UUID> claimedOfOurs = new ArrayList<>();
        for (List<EmailOutbox.Claimed> claim : claims) {
            claim.stream().map(EmailOutbox.Claimed::id).filter(ours::contains).forEach(claimedOfOurs::add);
        }
        assertThat(claimedOfOurs).as("each row claimed once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimedOfOurs)).as("every due row claimed by one of them").isEqualTo(ours);
        assertThat(claims).as("the claims overlapped in time and split the rows").filteredOn(claim -> !claim.isEmpty())
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(claims.stream().flatMap(List::stream).filter(row -> ours.contains(row.id())))
                .allMatch(row -> row.attempt() == 1);

        // leased: a further claim finds none of them
        assertThat(outbox.claim(500, Duration.ofMinutes(1)).await().atMost(AWAIT))
                .noneMatch(row -> ours.contains(row.id()));
        // gone, so that no later test meets them when their leases run out
        pool.preparedQuery("DELETE FROM notify.email_outbox WHERE to_address = $1").execute(Tuple.of(to))
                .await().atMost(AWAIT);
    }

    @Test
    void oneRoundClaimsBatchAfterBatchWhileTheyComeBackFull() {
        scheduler.pause("email-sender");
        sleep(Duration.ofMillis(500)); // a round that had started finishes
        // the test profile: batches of 5, a budget of 20 a round (100 a second, a round every 200 ms)
        int batch = config.batchSize();
        assertThat(config.maxPerSecond() * config.pollInterval().toMillis() / 1000).isGreaterThan(3L * batch);
        String to = someAddress();
        List<EmailMessage> messages = IntStream.range(0, 2 * batch + 2)
                .mapToObj(i -> message(to, "Drained " + i, null)).toList();
        outbox.enqueue(messages).await().atMost(AWAIT);

        int claimed = sender.sendDue().await().atMost(AWAIT);

        assertThat(claimed).as("more than one batch in one round").isGreaterThanOrEqualTo(messages.size());
        assertThat(statuses(messages).values()).extracting(EmailStatus::status).containsOnly(EmailStatus.SENT);
        assertThat(smtp.receivedBy(to)).hasSize(messages.size());
    }

    @Test
    void whileJobEventsPourInARoundSendsAtTheLowerRateAndCatchesUpAfterwards() {
        scheduler.pause("email-sender");
        sleep(Duration.ofMillis(500));
        String to = someAddress();
        List<EmailMessage> messages = IntStream.range(0, 2 * config.batchSize() + 2)
                .mapToObj(i -> message(to, "Yielding " + i, null)).toList();
        outbox.enqueue(messages).await().atMost(AWAIT);

        intake.tookIn((int) config.yieldToEvents().eventsPerSecond() + 1);
        long busyBudget = Math.max(1, config.yieldToEvents().maxPerSecond() * config.pollInterval().toMillis() / 1000);
        assertThat(emailHealth().getInt("data.sendingPerSecond")).isEqualTo(config.yieldToEvents().maxPerSecond());
        int claimedWhileBusy = sender.sendDue().await().atMost(AWAIT);

        assertThat(claimedWhileBusy).as("the busy rate's share of a round").isEqualTo((int) busyBudget);
        assertThat(smtp.receivedBy(to)).hasSize((int) busyBudget);

        // a second after the burst, the intake has forgotten it
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.ratePerSecond() == config.maxPerSecond());
        int claimedAfter = sender.sendDue().await().atMost(AWAIT);
        assertThat(claimedAfter).isEqualTo(messages.size() - (int) busyBudget);
        assertThat(statuses(messages).values()).extracting(EmailStatus::status).containsOnly(EmailStatus.SENT);
        assertThat(smtp.receivedBy(to)).hasSize(messages.size());
    }

    @Test
    void aPermanentRefusalFailsTheEmailAtOnceWithTheServersAnswer() {
        EmailMessage refused = message(TestSmtp.REFUSED_PREFIX + "-" + someAddress(), "Refused", null);
        EmailMessage fine = message(someAddress(), "Fine", null);
        double failedBefore = counter("jobhub.notify.email.failed");
        outbox.enqueue(List.of(refused, fine)).await().atMost(AWAIT);

        await().atMost(AWAIT).until(() -> statusOf(refused.id()).status().equals(EmailStatus.FAILED));
        EmailStatus status = statusOf(refused.id());
        assertThat(status.attempts()).as("not retried").isEqualTo(1);
        assertThat(status.lastError()).contains("550");
        assertThat(status.lastError().length()).isLessThanOrEqualTo(500);
        assertThat(status.sentAt()).isNull();
        assertThat(counter("jobhub.notify.email.failed")).isEqualTo(failedBefore + 1);

        await().atMost(AWAIT).until(() -> statusOf(fine.id()).status().equals(EmailStatus.SENT));
        assertThat(emailHealth().getString("data.smtpCircuit")).as("a refusal says nothing about the server's health")
                .isEqualTo("closed");
    }

    private double counter(String name) {
        return meters.counter(name).count();
    }

    private static EmailMessage message(String to, String subject, String html) {
        return new EmailMessage(UUID.randomUUID(), "user-" + UUID.randomUUID(), to, subject, "text of " + subject,
                html, EmailMessage.SYSTEM);
    }

    private static String someAddress() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private EmailStatus statusOf(UUID id) {
        return outbox.status(id).await().atMost(AWAIT);
    }

    private Map<UUID, EmailStatus> statuses(List<EmailMessage> messages) {
        return outbox.statuses(messages.stream().map(EmailMessage::id).toList()).await().atMost(AWAIT);
    }

    private int totalAttempts(List<EmailMessage> messages) {
        return statuses(messages).values().stream().mapToInt(EmailStatus::attempts).sum();
    }

    private static JsonPath emailHealth() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        return new JsonPath(health.prettify()).setRootPath("checks.find { it.name == 'email' }");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
