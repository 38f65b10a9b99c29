package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.stack.infra.Mailbox;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailLedgerTest {

    private static final Instant SUBMIT = Instant.parse("2026-12-02T10:00:00Z");
    private static final String N1 = "11111111-1111-1111-1111-111111111111";
    private static final String N2 = "22222222-2222-2222-2222-222222222222";
    private static final String N3 = "33333333-3333-3333-3333-333333333333";

    private static Mailbox.Mail mail(String notification, String receivedAt) {
        String text = notification == null ? "no link here"
                : "Job sleep completed\n\nOpen: http://localhost:8080/notifications/" + notification;
        return new Mailbox.Mail("Job sleep completed", "a@bench.local", "jobhub", text, null, receivedAt);
    }

    @Test
    void oneMailPerJobIsExactlyOnceWithItsDelay() {
        MailLedger ledger = new MailLedger();
        ledger.expect("a@bench.local", 2, SUBMIT);
        ledger.received("a@bench.local", List.of(mail(N1, "2026-12-02T10:00:01Z"), mail(N2, "2026-12-02T10:00:03Z")));

        MailLedger.Outcome outcome = ledger.judge();

        assertThat(outcome.exactlyOnce()).isTrue();
        assertThat(outcome.expected()).isEqualTo(2);
        assertThat(outcome.received()).isEqualTo(2);
        assertThat(outcome.submitToMailMs().p50()).isEqualTo(1_000.0);
        assertThat(outcome.submitToMailMs().max()).isEqualTo(3_000.0);
        assertThat(outcome.lastReceived()).isEqualTo(Instant.parse("2026-12-02T10:00:03Z"));
    }

    @Test
    void aNotificationMailedTwiceIsADuplicateAndItsJobStillMissesOne() {
        MailLedger ledger = new MailLedger();
        ledger.expect("a@bench.local", 3, SUBMIT);
        ledger.received("a@bench.local", List.of(mail(N1, null), mail(N1, null), mail(N2, null)));

        MailLedger.Outcome outcome = ledger.judge();

        assertThat(outcome.duplicated()).isEqualTo(1);
        assertThat(outcome.missing()).isEqualTo(1);
        assertThat(outcome.exactlyOnce()).isFalse();
        assertThat(outcome.submitToMailMs().count()).isZero();
    }

    @Test
    void mailsBeyondTheJobsOrWithoutALinkOrForNobodyAreUnexpected() {
        MailLedger ledger = new MailLedger();
        ledger.expect("a@bench.local", 1, SUBMIT);
        ledger.expect("b@bench.local", 1, SUBMIT);
        ledger.received("a@bench.local", List.of(mail(N1, null), mail(N2, null)));
        ledger.received("b@bench.local", List.of(mail(null, null)));
        ledger.received("c@bench.local", List.of(mail(N3, null)));

        MailLedger.Outcome outcome = ledger.judge();

        // a: one too many; b: a mail naming no notification, and its job's mail missing; c: nobody's
        assertThat(outcome.unexpected()).isEqualTo(3);
        assertThat(outcome.missing()).isEqualTo(1);
        assertThat(outcome.exactlyOnce()).isFalse();
    }

    @Test
    void theNotificationIsReadFromTheHtmlWhenTheTextHasNone() {
        Mailbox.Mail html = new Mailbox.Mail("s", "a", "f", null, "<a href=\"http://x/notifications/" + N2
                .toUpperCase() + "\">Open</a>", null);

        assertThat(MailLedger.notificationOf(html)).isEqualTo(N2);
    }
}
