package dev.jobhub.notify.push;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.CloudEventAttributes;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The push path: every event on {@code jobs.events} goes to the WebSocket connections its user holds on this
 * instance. The channel's consumer group is unique to the instance, so every instance sees every event; nothing is
 * committed, and a restarted instance starts at the end of the topic (its clients reconnect and reload over REST).
 * Pushing is best effort and never blocks the channel: the store path is what makes events durable for users.
 *
 * <p>Every instance reads every event but holds the connections of few users, so the user is decided first, from
 * the record's {@code ce_userid} header: a record of a user with no connection here is skipped without decoding its
 * value, and for a connected user the value, which is the event's JSON exactly as the producer wrote it, is sent as
 * the text frame as it is. Only a record without the header (an older producer) is decoded to find its user, and
 * sent re-encoded, in the same shape.
 */
@ApplicationScoped
public class JobEventPusher {

    private final JobEventDecoder decoder;
    private final ConnectionRegistry registry;
    private final Counter pushed;

    public JobEventPusher(JobEventDecoder decoder, ConnectionRegistry registry, MeterRegistry meters) {
        this.decoder = decoder;
        this.registry = registry;
        this.pushed = meters.counter("jobhub.notify.push.messages");
        meters.gauge("jobhub.notify.push.connections", registry, ConnectionRegistry::connections);
    }

    /** Runs on the event loop (a void method would otherwise take a worker thread): it only queues writes. */
    @Incoming(JobEventChannels.PUSH)
    @NonBlocking
    public void onPoll(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            push(record);
        }
    }

    private void push(ConsumerRecord<String, byte[]> record) {
        String userId = CloudEventAttributes.userId(record);
        if (userId == null) {
            decoder.decode(record, JobEventChannels.PUSH)
                    .filter(event -> registry.isConnected(event.userId()))
                    .ifPresent(event -> pushed.increment(registry.publish(event.userId(), JobJsonCodec.toJson(event))));
        } else if (registry.isConnected(userId) && record.value() != null) {
            pushed.increment(registry.publish(userId, new String(record.value(), StandardCharsets.UTF_8)));
        }
    }
}
