package dev.jobhub.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.EventOrder;
import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.CloudEventAttributes;
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
 * <p>A whole poll at a time, in one transaction: the active endpoints of the poll's users (named by the records'
 * CloudEvents headers) are read with one query, the per-job targets of its jobs with another, and only the events of
 * those users and jobs are decoded. They are judged by the shared ordering rule (dev.jobhub.model.EventOrder) against
 * the positions this intake recorded, so a superseded attempt's, a duplicate run's or a redelivered event makes no
 * delivery; the {@code webhookUrl} of a {@code job.queued} is kept as the job's target; the events that count are
 * matched by event and job type, and the deliveries inserted with one statement in the events' order (their seq
 * then orders a job's deliveries to one receiver); an event delivered before adds nothing. A failed transaction is
 * retried until PostgreSQL takes it, before the poll is acknowledged, exactly like the store path
 * (DurableNotificationStore).
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
        List<Seen> poll = new ArrayList<>(records.count());
        List<Target> named = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            seen(record).ifPresent(seen -> {
                poll.add(seen);
                if (seen.type() == JobEventType.QUEUED) {
                    webhookUrl(record).ifPresent(url -> named.add(new Target(seen.jobId(), seen.userId(), url)));
                }
            });
        }
        if (poll.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AtomicInteger inserted = new AtomicInteger();
        return durable.storeUntilDone(() -> Uni.createFrom().deferred(() -> pool.withTransaction(
                connection -> store(connection, poll, named, inserted))),
                () -> String.format("the webhook deliveries of a poll of %d records (%s)", records.count(),
                        records.partitions()))
                .invoke(() -> {
                    if (inserted.get() > 0) {
                        dispatcher.wake(); // committed: send them now rather than at the next poll
                    }
                });
    }

    /**
     * Most jobs concern nobody here: only the events of users with an active endpoint, and of jobs with a per-job
     * target, are decoded, judged and given positions. The rest cost two indexed lookups per poll.
     */
    private Uni<Outcome> store(SqlConnection connection, List<Seen> poll, List<Target> named,
            AtomicInteger inserted) {
        Set<String> users = poll.stream().map(Seen::userId).collect(Collectors.toSet());
        Set<UUID> jobs = poll.stream().map(Seen::jobId).collect(Collectors.toSet());
        Set<String> targetUsers = named.stream().map(Target::userId).collect(Collectors.toSet());
        return targets.insertWithin(connection, named)
                .chain(() -> endpoints.ensureUserSecrets(connection, targetUsers))
                .chain(() -> endpoints.activeOf(connection, users))
                .chain(subscriptions -> targets.urlsWithin(connection, jobs).chain(urls -> {
                    Set<String> subscribed = subscriptions.stream().map(Subscription::userId)
                            .collect(Collectors.toSet());
                    List<JobEvent> relevant = poll.stream()
                            .filter(seen -> subscribed.contains(seen.userId()) || urls.containsKey(seen.jobId()))
                            .map(seen -> seen.event(decoder))
                            .flatMap(Optional::stream)
                            .toList();
                    return counted(connection, relevant)
                            .map(counted -> deliveriesOf(counted, subscriptions, urls));
                }))
                .chain(list -> deliveries.insertWithin(connection, list))
                .invoke(count -> {
                    created.increment(count);
                    inserted.set(count);
                })
                .map(count -> new Outcome(0, 0));
    }

    /**
     * The events that count under the ordering rule and are webhook events, in their order; the positions of their
     * jobs advanced.
     */
    private Uni<List<Counted>> counted(SqlConnection connection, List<JobEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
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
            return positions.advance(connection, moved).replaceWith(counted);
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

    /**
     * A record placed by its CloudEvents headers (whose job, of which user, what type) without decoding its value; a
     * record without them (an older producer) is decoded at once. The value is decoded once, when it is needed.
     */
    private static final class Seen {

        private final ConsumerRecord<String, byte[]> record;
        private final UUID jobId;
        private final String userId;
        private final JobEventType type;
        private Optional<JobEvent> event;

        Seen(ConsumerRecord<String, byte[]> record, UUID jobId, String userId, JobEventType type,
                Optional<JobEvent> event) {
            this.record = record;
            this.jobId = jobId;
            this.userId = userId;
            this.type = type;
            this.event = event;
        }

        UUID jobId() {
            return jobId;
        }

        String userId() {
            return userId;
        }

        JobEventType type() {
            return type;
        }

        /** The decoded event (the value decides its type, whatever the header said); empty if malformed. */
        Optional<JobEvent> event(JobEventDecoder decoder) {
            if (event == null) {
                event = decoder.decode(record, JobEventChannels.WEBHOOKS);
            }
            return event;
        }
    }

    private Optional<Seen> seen(ConsumerRecord<String, byte[]> record) {
        UUID jobId = CloudEventAttributes.subject(record);
        String userId = CloudEventAttributes.userId(record);
        Optional<JobEventType> type = CloudEventAttributes.eventType(record);
        if (jobId != null && userId != null && type.isPresent()) {
            return Optional.of(new Seen(record, jobId, userId, type.get(), null));
        }
        return decoder.decode(record, JobEventChannels.WEBHOOKS).map(event -> new Seen(record, event.jobId(),
                event.userId(), event.type(), Optional.of(event)));
    }

    /** An event that counts under the ordering rule and is a webhook event. */
    private record Counted(JobEvent event, WebhookEventType type) {
    }
}
