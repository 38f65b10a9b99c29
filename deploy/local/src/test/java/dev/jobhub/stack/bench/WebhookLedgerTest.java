package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookLedgerTest {

    private static final Instant OCCURRED = Instant.parse("2026-12-02T10:00:00Z");

    private static WebhookReceiver.Receipt receipt(int endpoint, String id, String type, String job, long millis,
            boolean signed) {
        return new WebhookReceiver.Receipt(endpoint, id, type, job, OCCURRED, OCCURRED.plusMillis(millis),
                millis * 1_000_000, signed);
    }

    @Test
    void everyJobDeliveredOnceAtItsOwnersEndpoint() {
        WebhookLedger ledger = new WebhookLedger();
        ledger.expect(1, List.of("a", "b"));
        ledger.expect(2, List.of("c"));

        WebhookLedger.Outcome outcome = ledger.judge(List.of(receipt(1, "m1", "completed", "a", 10, true),
                receipt(2, "m2", "completed", "c", 20, true), receipt(1, "m3", "completed", "b", 30, true),
                receipt(5, "m9", "completed", "another phase's job", 40, false)));

        assertThat(outcome.received()).isEqualTo(3);
        assertThat(outcome.missing()).isZero();
        assertThat(outcome.badSignatures()).isZero();
        assertThat(outcome.allDeliveredSigned()).isTrue();
        assertThat(outcome.delayMs().p50()).isEqualTo(20.0);
        assertThat(outcome.delayMs().max()).isEqualTo(30.0);
        // three deliveries from 10 ms to 30 ms
        assertThat(outcome.perSecondFrom(outcome.firstNanos())).isEqualTo(150.0);
    }

    @Test
    void duplicatesAreCountedButMissingMisroutedAndUnsignedFail() {
        WebhookLedger ledger = new WebhookLedger();
        ledger.expect(1, List.of("a", "b", "c"));

        WebhookLedger.Outcome outcome = ledger.judge(List.of(receipt(1, "m1", "completed", "a", 10, true),
                receipt(1, "m1", "completed", "a", 15, true), receipt(2, "m2", "completed", "b", 20, true),
                receipt(1, "m3", "progress", "c", 25, true)));

        assertThat(outcome.duplicates()).isEqualTo(1);
        assertThat(outcome.misrouted()).isEqualTo(1);
        assertThat(outcome.otherEvents()).isEqualTo(1);
        assertThat(outcome.missing()).isEqualTo(2);
        assertThat(outcome.allDeliveredSigned()).isFalse();

        WebhookLedger.Outcome unsigned = ledger.judge(List.of(receipt(1, "m1", "completed", "a", 10, false),
                receipt(1, "m2", "completed", "b", 10, true), receipt(1, "m3", "completed", "c", 10, true)));
        assertThat(unsigned.missing()).isZero();
        assertThat(unsigned.badSignatures()).isEqualTo(1);
        assertThat(unsigned.allDeliveredSigned()).isFalse();
    }

    @Test
    void theReceiverKnowsAnEndpointByItsPath() {
        assertThat(WebhookReceiver.endpointOf("/hook/42")).isEqualTo(42);
        assertThat(WebhookReceiver.endpointOf("/hook/x")).isEqualTo(-1);
        assertThat(WebhookReceiver.endpointOf("/other/1")).isEqualTo(-1);
    }
}
