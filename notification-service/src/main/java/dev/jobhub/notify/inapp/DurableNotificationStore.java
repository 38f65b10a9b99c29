package dev.jobhub.notify.inapp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Stores a notification for a Kafka record, retrying without limit until PostgreSQL takes it: the record is
 * acknowledged only when the returned Uni completes (see {@link JobEventNotifier} for why waiting beats every
 * failure strategy of the connector). Shared by every consumer that turns records into notifications.
 */
@ApplicationScoped
public class DurableNotificationStore {

    private final NotificationService notifications;
    private final StoreConfig config;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter retries;

    public DurableNotificationStore(NotificationService notifications, StoreConfig config, MeterRegistry meters) {
        this.notifications = notifications;
        this.config = config;
        this.stored = meters.counter("jobhub.notify.notifications.stored");
        this.duplicates = meters.counter("jobhub.notify.events.duplicate");
        this.retries = meters.counter("jobhub.notify.store.retries");
    }

    public Uni<Void> storeUntilDone(NewNotification notification, ConsumerRecord<String, byte[]> record) {
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
