package dev.jobhub.notify.inapp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** An in-app notification of one user, written once per job event that deserves one. */
@Entity
@Table(name = "notifications")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String title;

    public String message;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "job_type")
    public String jobType;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    /**
     * JSON text. Bound as text and cast in SQL: the reactive PostgreSQL client would otherwise send a Java string
     * to a jsonb parameter as a JSON string literal, not as the document it contains.
     */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "data::text", write = "cast(cast(? as text) as jsonb)")
    public String data;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** False if the user switched the in-app channel off for its type: kept for the delivery log, not listed. */
    @Column(nullable = false)
    public boolean shown;

    public boolean isRead() {
        return readAt != null;
    }
}
