package dev.jobhub.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.notify.webhook.WebhookDeliveries.Claimed;
import dev.jobhub.notify.webhook.WebhookDeliveries.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an attempt's answer makes of a delivery: the schedule, Retry-After, 410, 3xx, and the end of the schedule. */
class WebhookRetryDecisionTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30));
    private static final Duration CAP = Duration.ofHours(1);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void a2xxSucceedsAnd3xxOrOtherFailuresFollowTheSchedule() {
        assertThat(decide(1, 0, answer(204, null)).status()).isEqualTo(WebhookDelivery.SUCCEEDED);
        assertThat(decide(1, 0, answer(302, null)).nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(decide(2, 0, answer(500, null)).nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(decide(3, 0, WebhookResponse.failed("connection refused", NOW)).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void theScheduleSpentGivesUpAndARedeliveryStartsItAgain() {
        assertThat(decide(4, 0, answer(500, null)).status()).isEqualTo(WebhookDelivery.FAILED);
        assertThat(decide(5, 4, answer(500, null)).nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void goneFailsAtOnce() {
        Outcome outcome = decide(1, 0, answer(410, null));
        assertThat(outcome.status()).isEqualTo(WebhookDelivery.FAILED);
        assertThat(outcome.nextAttemptAt()).isNull();
    }

    @Test
    void retryAfterOn429Or503IsHonouredWhenLaterThanTheScheduleAndCapped() {
        assertThat(decide(1, 0, answer(429, "120")).nextAttemptAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(decide(1, 0, answer(503, "2")).nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(decide(1, 0, answer(503, "86400")).nextAttemptAt()).isEqualTo(NOW.plus(CAP));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atOffset(ZoneOffset.UTC));
        assertThat(decide(1, 0, answer(503, date)).nextAttemptAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(decide(1, 0, answer(500, "600")).nextAttemptAt()).as("only on 429 and 503")
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(decide(1, 0, answer(429, "soon")).nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
    }

    private static Outcome decide(int attempt, int scheduleFrom, WebhookResponse response) {
        Claimed row = new Claimed(UUID.randomUUID(), UUID.randomUUID(), "http://example.com/", "u", UUID.randomUUID(),
                "msg_1", "completed", "{}", attempt, scheduleFrom, null, null);
        return WebhookDispatcher.decide(row, response, SCHEDULE, CAP, NOW);
    }

    private static WebhookResponse answer(int status, String retryAfter) {
        return new WebhookResponse(status, retryAfter, null, 10, null, NOW);
    }
}
