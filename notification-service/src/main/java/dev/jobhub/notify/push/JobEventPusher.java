package dev.jobhub.notify.push;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.JobEventChannels;
import dev.jobhub.notify.event.JobEventDecoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The push path: every event on {@code jobs.events} goes to the WebSocket connections its user holds on this
 * instance. The channel's consumer group is unique to the instance, so every instance sees every event; nothing is
 * committed, and a restarted instance starts at the end of the topic (its clients reconnect and reload over REST).
 * Pushing is best effort and never blocks the channel: the store path is what makes events durable for users.
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
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        decoder.decode(record, JobEventChannels.PUSH)
                .filter(event -> registry.isConnected(event.userId()))
                .ifPresent(event -> pushed.increment(registry.publish(event.userId(), JobJsonCodec.toJson(event))));
    }
}
