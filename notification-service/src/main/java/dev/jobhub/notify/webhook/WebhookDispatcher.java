package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.delivery.NotificationPublisher;
import dev.jobhub.notify.inapp.NewNotification;
import dev.jobhub.notify.inapp.NotificationType;
import dev.jobhub.notify.webhook.WebhookDeliveries.Claimed;
import dev.jobhub.notify.webhook.WebhookDeliveries.Disabled;
import dev.jobhub.notify.webhook.WebhookDeliveries.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drains the webhook outbox, like EmailSender drains the email outbox: every {@code jobhub.notify.webhook.poll-interval}
 * it claims due deliveries (a lease and an attempt each, in one statement: see {@link WebhookDeliveries}), sends them
 * concurrently (bounded) and records each outcome with its attempt in the log.
 *
 * <p>Every delivery passes the egress guard again before it is sent (a name's addresses may have changed since it was
 * registered); a refusal is a failed attempt with the reason, and nothing is dialled. A 2xx within the timeout is a
 * success; anything else is retried on the schedule ({@link WebhookConfig#schedule()}), a 429 or 503 not before its
 * {@code Retry-After} (capped at {@link WebhookConfig#maxRetryAfter()}), and a 410 switches the endpoint off at once.
 *
 * <p>Deliveries run apart from the job path: the intake only inserts rows; a slow receiver holds a lease and one of
 * {@link WebhookConfig#sendConcurrency()} slots, never a Kafka partition or another endpoint's deliveries.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final String USER_AGENT = "jobhub-webhooks/1";

    private final WebhookDeliveries deliveries;
    private final WebhookClient client;
    private final WebhookEgress egress;
    private final WebhookSecrets secrets;
    private final WebhookRateLimits rateLimits;
    private final NotificationPublisher notifications;
    private final WebhookConfig config;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookClient client, WebhookEgress egress,
            WebhookSecrets secrets, WebhookRateLimits rateLimits, NotificationPublisher notifications,
            WebhookConfig config, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.client = client;
        this.egress = egress;
        this.secrets = secrets;
        this.rateLimits = rateLimits;
        this.notifications = notifications;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(identity = "webhook-dispatcher", every = "${jobhub.notify.webhook.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return round();
    }

    /**
     * Starts a round now unless one is running: the intake calls it when it has committed new deliveries, so they
     * need not wait for the next poll (the scheduler's rounds are at least a second apart). Rounds that overlap
     * anyway (other replicas) are safe: claims skip each other's rows.
     */
    void wake() {
        round().subscribe().with(ignored -> {
        });
    }

    private Uni<Void> round() {
        if (!running.compareAndSet(false, true)) {
            again.set(true); // the running round may have claimed before the new rows committed
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return sendDue()
                .invoke(sent -> {
                    if (sent >= config.batchSize()) {
                        again.set(true); // a full batch of sends: more are probably due, go on without waiting
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("cannot drain the webhook outbox now: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        wake();
                    }
                })
                .replaceWithVoid();
    }

    /**
     * One round: claims the due deliveries and sends them. @return how many were sent (not those a rate limit put
     * back: a round of only those must not start the next at once)
     */
    Uni<Integer> sendDue() {
        return deliveries.claim(config.batchSize(), config.perEndpointBatch(), config.lease())
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUni(this::deliverWithinLimit).merge(Math.max(1, config.sendConcurrency()))
                        .collect().asList()
                        .map(sent -> (int) sent.stream().filter(Boolean::booleanValue).count()));
    }

    /** Sends a ping to the endpoint now and records it in its delivery log. @return the delivery, with the attempt */
    Uni<WebhookDelivery> ping(WebhookEndpoint endpoint) {
        UUID id = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        WebhookDeliveries.NewDelivery delivery = new WebhookDeliveries.NewDelivery(id, endpoint.id(), null,
                endpoint.userId(), null, eventId, WebhookEventType.PING,
                WebhookPayload.ping(eventId, endpoint.id(), endpoint.userId(), Instant.now()));
        return deliveries.insertClaimed(delivery, config.lease())
                .chain(this::deliver)
                .chain(() -> deliveries.get(endpoint.id(), id));
    }

    /** @return whether it was sent (false: its endpoint's rate limit put it back, without costing an attempt) */
    private Uni<Boolean> deliverWithinLimit(Claimed row) {
        int rate = row.rateLimit() != null ? row.rateLimit() : config.rateLimit();
        if (!rateLimits.tryTake(row.target(), rate)) {
            return deliveries.defer(row).replaceWith(false);
        }
        return deliver(row).onFailure().invoke(failure -> Log.warnf(
                "webhook delivery %s: cannot record attempt %d (its lease will run out and it is sent again): %s",
                row.id(), row.attempt(), failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWith(true);
    }

    private Uni<Void> deliver(Claimed row) {
        Instant started = Instant.now();
        Optional<WebhookUrl> url = WebhookUrl.tryParse(row.url());
        Uni<WebhookResponse> attempt = url.isEmpty()
                ? Uni.createFrom().item(WebhookResponse.failed("not a valid webhook URL", started))
                : egress.check(url.get())
                        .chain(checked -> client.post(checked, url.get(), headers(row, Instant.now()),
                                row.payload(), config.timeout()))
                        .onFailure(WebhookEgress.Refused.class)
                        .recoverWithItem(refused -> WebhookResponse.failed("refused by the egress guard: "
                                + refused.getMessage(), started))
                        .onFailure().recoverWithItem(failure -> WebhookResponse.failed(
                                WebhookClient.describe(failure), started));
        return attempt.chain(response -> {
            Outcome outcome = decide(row, response, config.schedule(), config.maxRetryAfter(), Instant.now());
            meters.counter("jobhub.notify.webhook.attempts", "outcome", outcome.status()).increment();
            if (!response.succeeded()) {
                Log.debugf("webhook delivery %s attempt %d: %s %s", row.id(), row.attempt(),
                        response.statusCode(), response.error());
            }
            return deliveries.record(row, outcome, config.disableAfter(), this::tellOwner);
        });
    }

    /** The Standard Webhooks headers; both signatures during a rotation's grace. */
    private Map<String, String> headers(Claimed row, Instant now) {
        long timestamp = now.getEpochSecond();
        List<String> signing = row.endpointId() != null
                ? secrets.signingForEndpoint(row.endpointId(), row.secrets(), now)
                : secrets.signingForUser(row.userId(), row.secrets(), now);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.put("webhook-id", row.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.signatures(signing, row.messageId(), timestamp,
                row.payload()));
        return headers;
    }

    /**
     * What an attempt's response makes of the delivery: succeeded on a 2xx; failed for good on a 410, after a ping, or
     * once the schedule is spent; else pending until the schedule's next step (or the receiver's Retry-After, if
     * later).
     */
    static Outcome decide(Claimed row, WebhookResponse response, List<Duration> schedule, Duration maxRetryAfter,
            Instant now) {
        if (response.succeeded()) {
            return new Outcome(response, WebhookDelivery.SUCCEEDED, null);
        }
        int made = row.attempt() - row.scheduleFrom();
        if (response.gone() || row.isPing() || made >= schedule.size()) {
            return new Outcome(response, WebhookDelivery.FAILED, null);
        }
        Duration wait = schedule.get(made);
        Integer status = response.statusCode();
        if (status != null && (status == 429 || status == 503)) {
            Duration asked = retryAfter(response.retryAfter(), now);
            if (asked != null) {
                Duration capped = asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
                wait = capped.compareTo(wait) > 0 ? capped : wait;
            }
        }
        return new Outcome(response, WebhookDelivery.PENDING, now.plus(wait));
    }

    /** {@code Retry-After} as seconds or an HTTP date; null if absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The owner of an endpoint the platform switched off is told, in-app and by email as they chose. */
    private Uni<Void> tellOwner(SqlConnection connection, Disabled disabled) {
        Log.warnf("webhook endpoint %s switched off: %s", disabled.endpointId(), disabled.reason());
        meters.counter("jobhub.notify.webhook.disabled").increment();
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        data.put("webhookId", disabled.endpointId().toString());
        data.put("url", disabled.url());
        data.put("reason", disabled.reason());
        // once per switching off: only the statement that switched the endpoint off (WHERE active) gets here
        UUID eventId = UUID.randomUUID();
        NewNotification notification = new NewNotification(disabled.userId(), NotificationType.SYSTEM,
                "Webhook disabled", "Your webhook " + disabled.url() + " was disabled: " + disabled.reason()
                        + ". Fix the receiver, switch the webhook on again and recover its failed deliveries.",
                null, null, eventId, data);
        return notifications.publishWithin(connection, List.of(notification), List.of()).replaceWithVoid();
    }
}
