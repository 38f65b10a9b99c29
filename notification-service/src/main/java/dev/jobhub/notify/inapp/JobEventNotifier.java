package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobEvent;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The store path: turns completed and failed job events into in-app notifications, once per event.
 *
 * <p>Failure handling, in order of what can go wrong:
 * <ul>
 * <li>a malformed record can never succeed: it is logged and acknowledged ({@link JobEventDecoder});</li>
 * <li>an event users are not notified of (queued, started, progress, cancelled) is acknowledged untouched;</li>
 * <li>a store that fails (PostgreSQL down, a failover, a constraint race with another instance) is retried
 * <em>inside</em> this method, with exponential backoff and no limit, before the record is acknowledged. The
 * record is acknowledged only when the returned Uni completes, so while PostgreSQL is away the record stays
 * unacknowledged: the throttled commit strategy commits no offset past it, and the channel processes records one
 * at a time, so the partition waits (the connector pauses fetching once its queue is full) instead of dropping or
 * skipping anything. When PostgreSQL returns, the next retry stores the event and the partition moves on. If the
 * instance dies meanwhile, the uncommitted record is redelivered to whichever instance takes the partition, and
 * the processed_events row makes that redelivery harmless.</li>
 * </ul>
 * A retry inside the method is chosen over the connector's failure strategies because none of them waits for the
 * database: {@code ignore} drops the event, {@code dead-letter-queue} and {@code delayed-retry-topic} move it
 * elsewhere (to be replayed by someone, later, out of order), and {@code fail} stops the channel for good. The
 * channel is still configured with {@code failure-strategy=fail}: a failure that escapes this method is a bug, and
 * a stopped channel (reported by the health check) with an uncommitted offset loses nothing.
 */
@ApplicationScoped
public class JobEventNotifier {

    private final JobEventDecoder decoder;
    private final NotificationService notifications;
    private final StoreConfig config;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter retries;

    public JobEventNotifier(JobEventDecoder decoder, NotificationService notifications, StoreConfig config,
            MeterRegistry meters) {
        this.decoder = decoder;
        this.notifications = notifications;
        this.config = config;
        this.stored = meters.counter("jobhub.notify.notifications.stored");
        this.duplicates = meters.counter("jobhub.notify.events.duplicate");
        this.retries = meters.counter("jobhub.notify.store.retries");
    }

    @Incoming(JobEventChannels.STORE)
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        Optional<JobEvent> event = decoder.decode(record, JobEventChannels.STORE);
        Optional<NewNotification> notification = event.flatMap(NewNotification::of);
        if (notification.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return storeUntilDone(notification.get(), record);
    }

    private Uni<Void> storeUntilDone(NewNotification notification, ConsumerRecord<String, byte[]> record) {
        AtomicInteger failures = new AtomicInteger();
        return Uni.createFrom().deferred(() -> notifications.storeOnce(notification))
                // retries are resubscribed from a timer thread; Hibernate Reactive must run on the record's
                // Vert.x context, so every attempt is dispatched back onto it
                .runSubscriptionOn(on(Vertx.currentContext()))
                .onFailure().invoke(failure -> {
                    retries.increment();
                    Log.warnf("cannot store notification for event %s (%s-%d@%d), attempt %d; retrying: %s",
                            notification.eventId(), record.topic(), record.partition(), record.offset(),
                            failures.incrementAndGet(), failure.toString());
                })
                .onFailure().retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff())
                .indefinitely()
                .invoke(wasStored -> {
                    if (wasStored) {
                        stored.increment();
                    } else {
                        duplicates.increment();
                        Log.debugf("event %s already processed, skipped", notification.eventId());
                    }
                })
                .replaceWithVoid();
    }

    private static Executor on(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
