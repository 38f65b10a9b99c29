package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.CloudEventAttributes;
import dev.jobhub.notify.event.EventIntake;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import dev.jobhub.notify.event.JobEventHead;
import dev.jobhub.notify.inapp.JobEventBatch.Seen;
import dev.jobhub.notify.stream.StreamMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The store path: every event goes into its user's live stream (WebSocket and SSE, dev.jobhub.notify.stream), and
 * the final event of each job's latest attempt, if the job completed, failed or was cancelled, becomes a
 * notification, once. It takes {@code jobs.events} a whole poll at a time (the channel is in batch mode) and stores
 * the poll with a few statements in one transaction ({@link JobEventStore}), whatever its size.
 *
 * <p>A record with its CloudEvents headers goes into the live stream as its value, undecoded. What else each record
 * costs, by its CloudEvents type ({@code ce_type}, read without decoding the value):
 * <ul>
 * <li>{@code job.progress}, {@code job.retrying}: nothing more. They neither open an attempt nor end one, so they cannot
 * change whether a later final event counts (dev.jobhub.model.EventOrder);</li>
 * <li>{@code job.queued}, {@code job.started}: their job, attempt and sequence only, read with the streaming parser
 * ({@link JobEventDecoder#decodeHead}): a new attempt makes the completion of the superseded one stale;</li>
 * <li>{@code job.completed}, {@code job.failed}, {@code job.cancelled}, and a record without the headers (an older
 * producer): decoded fully.</li>
 * </ul>
 *
 * <p>Failure handling, in order of what can go wrong:
 * <ul>
 * <li>a malformed record can never succeed: it is logged, counted and left out of the poll ({@link JobEventDecoder});
 * the records around it are stored and the partition moves on;</li>
 * <li>a store that fails (PostgreSQL down, a failover, another instance racing on the same jobs during a rebalance)
 * is retried <em>inside</em> this method, with exponential backoff and no limit, before the poll is acknowledged. The
 * poll is acknowledged only when the returned Uni completes, so while PostgreSQL is away no record of it is: the
 * throttled commit strategy commits no offset past them, and the channel hands over one poll at a time, so the
 * partitions wait (the connector pauses fetching once its queue is full) instead of dropping or skipping anything.
 * When PostgreSQL returns, the next retry stores the poll and the partitions move on. If the instance dies
 * meanwhile, the uncommitted records are redelivered to whichever instance takes the partitions, and the recorded
 * job positions and processed event ids make that redelivery harmless.</li>
 * </ul>
 * A retry inside the method is chosen over the connector's failure strategies because none of them waits for the
 * database: {@code ignore} drops the events, {@code dead-letter-queue} and {@code delayed-retry-topic} move them
 * elsewhere (to be replayed by someone, later, out of order), and {@code fail} stops the channel for good. The
 * channel is still configured with {@code failure-strategy=fail}: a failure that escapes this method is a bug, and
 * a stopped channel (reported by the health check) with an uncommitted offset loses nothing.
 */
@ApplicationScoped
public class JobEventNotifier {

    /** The events that decide whether a final event counts, besides the final events themselves. */
    private static final Set<JobEventType> ORDERING = EnumSet.of(JobEventType.QUEUED, JobEventType.STARTED,
            JobEventType.CANCELLED);

    private final JobEventDecoder decoder;
    private final JobEventStore events;
    private final DurableNotificationStore store;
    private final EventIntake intake;

    public JobEventNotifier(JobEventDecoder decoder, JobEventStore events, DurableNotificationStore store,
            EventIntake intake) {
        this.decoder = decoder;
        this.events = events;
        this.store = store;
        this.intake = intake;
    }

    @Incoming(JobEventChannels.STORE)
    public Uni<Void> onPoll(ConsumerRecords<String, byte[]> records) {
        intake.tookIn(records.count());
        List<Seen> poll = new ArrayList<>(records.count());
        List<StreamMessage> live = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<StreamMessage> placed = placedByHeaders(record);
            if (placed.isPresent()) {
                live.add(placed.get());
                read(record).ifPresent(poll::add);
            } else {
                // an older producer's record: decoded once, for both
                decoder.decode(record, JobEventChannels.STORE).ifPresent(event -> {
                    live.add(new StreamMessage(event.id(), event.userId(), event.jobId(), event.type().wireName(),
                            JobJsonCodec.toJson(event)));
                    if (NewNotification.mayTell(event.type()) || ORDERING.contains(event.type())) {
                        poll.add(new Seen(JobEventHead.of(event), NewNotification.of(event)));
                    }
                });
            }
        }
        if (poll.isEmpty() && live.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.storeUntilDone(() -> events.store(poll, live),
                () -> String.format("the notifications of a poll of %d records (%s)", records.count(),
                        records.partitions()));
    }

    private Optional<Seen> read(ConsumerRecord<String, byte[]> record) {
        Optional<JobEventType> type = CloudEventAttributes.eventType(record);
        if (type.isEmpty() || NewNotification.mayTell(type.get())) {
            return decodeFully(record);
        }
        if (!ORDERING.contains(type.get())) {
            return Optional.empty();
        }
        // the value decides: a header that disagrees with it must not cost a notification
        return decoder.decodeHead(record, JobEventChannels.STORE).flatMap(head -> NewNotification.mayTell(head.type())
                ? decodeFully(record)
                : Optional.of(new Seen(head, Optional.empty())));
    }

    /**
     * The event as its user's live stream carries it, placed by its CloudEvents headers alone: the value as the
     * producer wrote it. Empty for a record without them all (an older producer), which is decoded instead.
     */
    private static Optional<StreamMessage> placedByHeaders(ConsumerRecord<String, byte[]> record) {
        UUID id = CloudEventAttributes.id(record);
        String userId = CloudEventAttributes.userId(record);
        UUID jobId = CloudEventAttributes.subject(record);
        Optional<JobEventType> type = CloudEventAttributes.eventType(record);
        if (id == null || userId == null || jobId == null || type.isEmpty() || record.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new StreamMessage(id, userId, jobId, type.get().wireName(),
                new String(record.value(), StandardCharsets.UTF_8)));
    }

    private Optional<Seen> decodeFully(ConsumerRecord<String, byte[]> record) {
        return decoder.decode(record, JobEventChannels.STORE)
                .map(event -> new Seen(JobEventHead.of(event), NewNotification.of(event)));
    }
}
