package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.EventOrder;
import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import dev.jobhub.notify.inapp.DurableNotificationStore;
import dev.jobhub.notify.inapp.DurableNotificationStore.Outcome;
import dev.jobhub.notify.webhook.WebhookDeliveries.NewDelivery;
import dev.jobhub.notify.webhook.WebhookEndpoints.Subscription;
import dev.jobhub.notify.webhook.WebhookJobTargets.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns {@code jobs.events} into webhook deliveries, in a consumer group of its own
 * ({@code jobhub-notification-webhooks}): the store path and the live stream never wait for it, and the deliveries
 * themselves are sent later by {@link WebhookDispatcher}, so a slow receiver holds up nothing here.
 *
 * <p>A whole poll at a time, in one transaction: the poll's jobs are judged by the shared ordering rule
 * (dev.jobhub.model.EventOrder) against the positions this intake recorded, so a superseded attempt's, a duplicate
 * run's or a redelivered event makes no delivery; the {@code webhookUrl} of a {@code job.queued} is kept as the job's
 * target; the active endpoints of the poll's users are read with one query and matched by event and job type; the
 * deliveries are inserted with one statement, in the events' order (their seq then orders a job's deliveries to one
 * receiver), and an event delivered before adds nothing. A failed transaction is retried until PostgreSQL takes it,
 * before the poll is acknowledged, exactly like the store path (DurableNotificationStore).
 */
@ApplicationScoped
public class WebhookIntake {

    /** The final events a per-job webhook receives. */
    private static final Set<WebhookEventType> PER_JOB = Set.of(WebhookEventType.COMPLETED, WebhookEventType.FAILED);

    private final JobEventDecoder decoder;
    private final Pool pool;
    private final WebhookJobPositions positions;
    private final WebhookEndpoints endpoints;
    private final WebhookJobTargets targets;
    private final WebhookDeliveries deliveries;
    private final DurableNotificationStore durable;
    private final WebhookDispatcher dispatcher;
    private final Counter created;

    public WebhookIntake(JobEventDecoder decoder, Pool pool, WebhookJobPositions positions,
            WebhookEndpoints endpoints, WebhookJobTargets targets, WebhookDeliveries deliveries,
            DurableNotificationStore durable, WebhookDispatcher dispatcher, MeterRegistry meters) {
        this.decoder = decoder;
        this.pool = pool;
        this.positions = positions;
        this.endpoints = endpoints;
        this.targets = targets;
        this.deliveries = deliveries;
        this.durable = durable;
        this.dispatcher = dispatcher;
        this.created = meters.counter("jobhub.notify.webhook.deliveries.created");
    }

    @Incoming(JobEventChannels.WEBHOOKS)
    public Uni<Void> onPoll(ConsumerRecords<String, byte[]> records) {
        List<JobEvent> events = new ArrayList<>(records.count());
        List<Target> named = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            decoder.decode(record, JobEventChannels.WEBHOOKS).ifPresent(event -> {
                events.add(event);
                if (event.type() == JobEventType.QUEUED) {
                    webhookUrl(record).ifPresent(url -> named.add(new Target(event.jobId(), event.userId(), url)));
                }
            });
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AtomicInteger inserted = new AtomicInteger();
        return durable.storeUntilDone(() -> Uni.createFrom().deferred(() -> pool.withTransaction(
                connection -> store(connection, events, named, inserted))),
                () -> String.format("the webhook deliveries of a poll of %d records (%s)", records.count(),
                        records.partitions()))
                .invoke(() -> {
                    if (inserted.get() > 0) {
                        dispatcher.wake(); // committed: send them now rather than at the next poll
                    }
                });
    }

    private Uni<Outcome> store(SqlConnection connection, List<JobEvent> events, List<Target> named,
            AtomicInteger inserted) {
        Set<UUID> jobs = events.stream().map(JobEvent::jobId).collect(Collectors.toSet());
        return positions.read(connection, jobs).chain(recorded -> {
            Map<UUID, Position> current = new HashMap<>(recorded);
            Map<UUID, Position> moved = new HashMap<>();
            List<Counted> counted = new ArrayList<>();
            for (JobEvent event : events) {
                if (EventOrder.judge(current.get(event.jobId()), event).applies()) {
                    Position position = Position.of(event);
                    current.put(event.jobId(), position);
                    moved.put(event.jobId(), position);
                    WebhookEventType.of(event.type()).ifPresent(type -> counted.add(new Counted(event, type)));
                }
            }
            Set<String> targetUsers = named.stream().map(Target::userId).collect(Collectors.toSet());
            Set<String> users = counted.stream().map(c -> c.event().userId()).collect(Collectors.toSet());
            Set<UUID> finals = counted.stream().filter(c -> PER_JOB.contains(c.type())).map(c -> c.event().jobId())
                    .collect(Collectors.toSet());
            return positions.advance(connection, moved)
                    .chain(() -> targets.insertWithin(connection, named))
                    .chain(() -> endpoints.ensureUserSecrets(connection, targetUsers))
                    .chain(() -> users.isEmpty() ? Uni.createFrom().item(List.<Subscription>of())
                            : endpoints.activeOf(connection, users))
                    .chain(subscriptions -> targets.urlsWithin(connection, finals)
                            .map(urls -> deliveriesOf(counted, subscriptions, urls)))
                    .chain(list -> deliveries.insertWithin(connection, list))
                    .invoke(count -> {
                        created.increment(count);
                        inserted.set(count);
                    })
                    .map(count -> new Outcome(0, 0));
        });
    }

    /** The deliveries of the poll's counted events, in their order. */
    private static List<NewDelivery> deliveriesOf(List<Counted> counted, List<Subscription> subscriptions,
            Map<UUID, String> targetUrls) {
        Map<String, List<Subscription>> byUser = subscriptions.stream()
                .collect(Collectors.groupingBy(Subscription::userId));
        List<NewDelivery> list = new ArrayList<>();
        for (Counted c : counted) {
            JobEvent event = c.event();
            String payload = null;
            for (Subscription subscription : byUser.getOrDefault(event.userId(), List.of())) {
                if (subscription.wants(c.type(), event.jobType())) {
                    payload = payload != null ? payload : WebhookPayload.of(event, c.type());
                    list.add(new NewDelivery(UUID.randomUUID(), subscription.id(), null, event.userId(),
                            event.jobId(), event.id(), c.type(), payload));
                }
            }
            String url = PER_JOB.contains(c.type()) ? targetUrls.get(event.jobId()) : null;
            if (url != null) {
                list.add(new NewDelivery(UUID.randomUUID(), null, url, event.userId(), event.jobId(), event.id(),
                        c.type(), payload != null ? payload : WebhookPayload.of(event, c.type())));
            }
        }
        return list;
    }

    /**
     * The {@code webhookUrl} a {@code job.queued} carries, read from the value as the producer wrote it (the field
     * is newer than some consumers' JobEvent). Empty if absent, or not a URL a webhook may have.
     */
    private static Optional<String> webhookUrl(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode url = JobJsonCodec.mapper().readTree(record.value()).path("webhookUrl");
            if (!url.isTextual()) {
                return Optional.empty();
            }
            if (WebhookUrl.tryParse(url.asText()).isEmpty()) {
                Log.warnf("job %s: ignoring a webhookUrl that is not an http(s) URL", record.key());
                return Optional.empty();
            }
            return Optional.of(url.asText());
        } catch (IOException e) {
            return Optional.empty(); // decoded above, so never; a broken value has been logged there
        }
    }

    /** An event that counts under the ordering rule and is a webhook event. */
    private record Counted(JobEvent event, WebhookEventType type) {
    }
}
