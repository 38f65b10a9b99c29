package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobEvent;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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
    private final DurableNotificationStore store;

    public JobEventNotifier(JobEventDecoder decoder, DurableNotificationStore store) {
        this.decoder = decoder;
        this.store = store;
    }

    @Incoming(JobEventChannels.STORE)
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        Optional<JobEvent> event = decoder.decode(record, JobEventChannels.STORE);
        Optional<NewNotification> notification = event.flatMap(NewNotification::of);
        if (notification.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.storeUntilDone(notification.get(), record);
    }
}
