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
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Stores notifications for Kafka records, retrying without limit until PostgreSQL takes them: the records are
 * acknowledged only when the returned Uni completes (see {@link JobEventNotifier} for why waiting beats every
 * failure strategy of the connector). Shared by every consumer that turns records into notifications.
 */
@ApplicationScoped
public class DurableNotificationStore {

    /**
     * What a store did.
     *
     * @param stored notifications written
     * @param duplicates events that made none because they had been processed before or did not count
     */
    public record Outcome(int stored, int duplicates) {
    }

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
        return storeUntilDone(() -> notifications.storeOnce(notification).map(wasStored -> wasStored
                ? new Outcome(1, 0)
                : new Outcome(0, 1)),
                () -> String.format("notification for event %s (%s-%d@%d)", notification.eventId(), record.topic(),
                        record.partition(), record.offset()));
    }

    /**
     * Runs {@code store} until it succeeds.
     *
     * @param store a new attempt (a new transaction) for every subscription
     * @param what what is stored, for the log of a failed attempt
     */
    public Uni<Void> storeUntilDone(Supplier<Uni<Outcome>> store, Supplier<String> what) {
        AtomicInteger failures = new AtomicInteger();
        return Uni.createFrom().deferred(() -> store.get())
                // retries are resubscribed from a timer thread: every attempt is dispatched back onto the
                // record's Vert.x context, where the consumer runs and where the database client expects it
                .runSubscriptionOn(on(Vertx.currentContext()))
                .onFailure().invoke(failure -> {
                    retries.increment();
                    Log.warnf("cannot store %s, attempt %d; retrying: %s", what.get(), failures.incrementAndGet(),
                            failure.toString());
                })
                .onFailure().retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff())
                .indefinitely()
                .invoke(outcome -> {
                    stored.increment(outcome.stored());
                    duplicates.increment(outcome.duplicates());
                    if (outcome.duplicates() > 0) {
                        Log.debugf("%s: %d event(s) processed before or superseded, skipped", what.get(),
                                outcome.duplicates());
                    }
                })
                .replaceWithVoid();
    }

    private static Executor on(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
