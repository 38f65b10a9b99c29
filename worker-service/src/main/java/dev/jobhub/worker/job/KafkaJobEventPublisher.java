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

    public KafkaJobEventPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
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
