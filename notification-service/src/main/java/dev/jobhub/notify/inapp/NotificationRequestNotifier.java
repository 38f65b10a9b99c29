package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.DocumentProcessed;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.JobWatchers;
import dev.jobhub.model.NotificationRequest;
import dev.jobhub.notify.event.JobEventDecoder;
import dev.jobhub.notify.event.NotificationRequestChannels;
import dev.jobhub.notify.watch.JobWatcherLists;
import dev.jobhub.support.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The messages of {@code notifications.requests}, by type: {@code document.processed} from api-service becomes the
 * {@code document_processed} notification, stored once per message id; {@code notification.send} (a system message
 * or an invitation from an operator's system) one notification per recipient, once per message id and recipient.
 * Both are waited for like every notification ({@link DurableNotificationStore}). {@code job.watchers} from
 * api-service replaces the list of a job's followers if it is newer than the stored one ({@link JobWatcherLists}). A record that is neither, or not a
 * complete one, can never be processed: it is logged (without its value) and skipped ({@link JobEventDecoder}).
 */
@ApplicationScoped
public class NotificationRequestNotifier {

    /** The type of a message, read before the message itself. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageType(String type) {
    }

    private final JobEventDecoder decoder;
    private final DurableNotificationStore store;
    private final Announcements announcements;
    private final JobWatcherLists watchers;

    public NotificationRequestNotifier(JobEventDecoder decoder, DurableNotificationStore store,
            Announcements announcements, JobWatcherLists watchers) {
        this.decoder = decoder;
        this.store = store;
        this.announcements = announcements;
        this.watchers = watchers;
    }

    @Incoming(NotificationRequestChannels.STORE)
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        String type = type(record);
        if (JobWatchers.TYPE.equals(type)) {
            return decoder.decode(record, NotificationRequestChannels.STORE, JobWatchers.class,
                            JobWatcherLists::unusable)
                    .map(message -> store.storeUntilDone(() -> watchers.replace(message)
                                    .map(newer -> new DurableNotificationStore.Outcome(0, newer ? 0 : 1)),
                            () -> "job.watchers " + message.id() + " of job " + message.jobId()))
                    .orElseGet(() -> Uni.createFrom().voidItem());
        }
        if (NotificationRequest.TYPE.equals(type)) {
            return decoder.decode(record, NotificationRequestChannels.STORE, NotificationRequest.class,
                            NotificationRequestNotifier::unusable)
                    .map(request -> store.storeUntilDone(() -> announcements.send(Announcement.of(request,
                                    new ArrayList<>())).map(written -> new DurableNotificationStore.Outcome(written, 0)),
                            () -> "notification.send " + request.id()))
                    .orElseGet(() -> Uni.createFrom().voidItem());
        }
        return decoder.decode(record, NotificationRequestChannels.STORE, DocumentProcessed.class,
                        NotificationRequestNotifier::missingField)
                .map(processed -> store.storeUntilDone(NewNotification.of(processed), record))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** {@code ce_type}, or the value's {@code type} for a record without the header; null if neither says. */
    private String type(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (header != null && header.value() != null) {
            return new String(header.value(), StandardCharsets.UTF_8);
        }
        try {
            return record.value() == null ? null
                    : JobJsonCodec.mapper().readValue(record.value(), MessageType.class).type();
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> unusable(NotificationRequest request) {
        if (request.id() == null) {
            return Optional.of("id is required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Announcement.of(request, errors);
        return errors.isEmpty() ? Optional.empty()
                : Optional.of("'" + errors.get(0).field() + "' " + errors.get(0).message());
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
