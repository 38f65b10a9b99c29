package dev.jobhub.notify.inapp;

import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.notify.event.JobEventDecoder;
import dev.jobhub.notify.event.NotificationRequestChannels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code document_processed} notification, from api-service's {@code document.processed} requests: stored once
 * per message id, and waited for like every notification ({@link DurableNotificationStore}). A record that is not a
 * complete {@code document.processed} can never be processed: it is logged (without its value) and skipped
 * ({@link JobEventDecoder}).
 */
@ApplicationScoped
public class DocumentProcessedNotifier {

    private final JobEventDecoder decoder;
    private final DurableNotificationStore store;

    public DocumentProcessedNotifier(JobEventDecoder decoder, DurableNotificationStore store) {
        this.decoder = decoder;
        this.store = store;
    }

    @Incoming(NotificationRequestChannels.STORE)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        return decoder.decode(record, NotificationRequestChannels.STORE, DocumentProcessed.class,
                        DocumentProcessedNotifier::missingField)
                .map(processed -> store.storeUntilDone(NewNotification.of(processed), record))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static Optional<String> missingField(DocumentProcessed message) {
        if (!DocumentProcessed.TYPE.equals(message.type())) {
            return Optional.of("not a " + DocumentProcessed.TYPE + " (type " + message.type() + ")");
        }
        if (message.id() == null || message.documentId() == null || message.userId() == null
                || message.userId().isBlank() || message.status() == null) {
            return Optional.of("id, documentId, userId and status are required");
        }
        return Optional.empty();
    }
}
