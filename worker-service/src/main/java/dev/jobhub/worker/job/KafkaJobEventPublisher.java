package dev.jobhub.worker.job;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.support.kafka.KafkaHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Job events on {@link Topics#EVENTS}, keyed by job id (so the events of one job stay in one partition, in order)
 * with their CloudEvents headers. The channel's producer is idempotent with acks=all (application.properties), so
 * an acknowledged send is durable and a retried one is not duplicated in the partition.
 */
@ApplicationScoped
public class KafkaJobEventPublisher implements JobEventPublisher {

    public static final String CHANNEL = "job-events";
    public static final String SOURCE = "/jobhub/worker-service";

    private final MutinyEmitter<byte[]> emitter;

    // jobs send without waiting for each acknowledgement: room for every slot's outcome, the intake's job.started
    // events and jobhub.worker.events-in-flight progress events on their way (the sink itself takes 1024 in flight)
    public KafkaJobEventPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Uni<Void> publish(JobEvent event) {
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(JobJsonCodec.toBytes(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.jobId().toString())
                        .withHeaders(KafkaHeaders.cloudEvent(event, SOURCE))
                        .build())));
    }
}
