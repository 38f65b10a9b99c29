package dev.jobhub.notify.inapp;

import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.event.NotificationRequestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code document_processed} notification, from api-service's {@code document.processed} requests: stored once
 * per message id, and waited for like every notification ({@link DurableNotificationStore}). A record that is not a
 * complete {@code document.processed} can never be processed: it is logged (without its value) and skipped.
 */
@ApplicationScoped
public class DocumentProcessedNotifier {

    private final DurableNotificationStore store;
    private final MeterRegistry meters;

    public DocumentProcessedNotifier(DurableNotificationStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @Incoming(NotificationRequestChannels.STORE)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        Optional<DocumentProcessed> processed = decode(record);
        if (processed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.storeUntilDone(NewNotification.of(processed.get()), record);
    }

    private Optional<DocumentProcessed> decode(ConsumerRecord<String, byte[]> record) {
        String problem;
        try {
            DocumentProcessed message = record.value() == null ? null
                    : JobJsonCodec.fromBytes(record.value(), DocumentProcessed.class);
            problem = message == null ? "no value" : missingField(message);
            if (problem == null) {
                return Optional.of(message);
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        Log.warnf("skipping record %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), problem);
        meters.counter("jobhub.notify.events.malformed", "consumer", NotificationRequestChannels.STORE).increment();
        return Optional.empty();
    }

    private static String missingField(DocumentProcessed message) {
        if (!DocumentProcessed.TYPE.equals(message.type())) {
            return "not a " + DocumentProcessed.TYPE + " (type " + message.type() + ")";
        }
        if (message.id() == null || message.documentId() == null || message.userId() == null
                || message.userId().isBlank() || message.status() == null) {
            return "id, documentId, userId and status are required";
        }
        return null;
    }
}
