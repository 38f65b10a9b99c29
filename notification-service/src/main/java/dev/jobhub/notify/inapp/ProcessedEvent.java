package dev.jobhub.notify.inapp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The id of a job event whose side effects are committed (the outbox pattern's message log): written in the same
 * transaction as the notification, so a redelivered event is recognised and skipped.
 */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public static ProcessedEvent of(UUID eventId) {
        ProcessedEvent processed = new ProcessedEvent();
        processed.eventId = eventId;
        processed.processedAt = Instant.now();
        return processed;
    }
}
