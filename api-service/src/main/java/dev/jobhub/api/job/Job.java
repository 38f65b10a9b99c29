package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobState;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The job record of truth (table {@code api.jobs}). */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String type;

    @Convert(converter = JobStateConverter.class)
    @Column(nullable = false)
    public JobState state;

    @Convert(converter = PriorityConverter.class)
    @Column(nullable = false)
    public Priority priority;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode payload;

    @JdbcTypeCode(SqlTypes.JSON)
    public Progress progress;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode result;

    @JdbcTypeCode(SqlTypes.JSON)
    public JobError error;

    /** The attempt the job is on (1 for the first); events of older attempts are stale. */
    @Column(nullable = false)
    public int attempt;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts;

    /** Sequence of the last event applied to this record. */
    @Column(name = "last_sequence", nullable = false)
    public long lastSequence;

    @Column(name = "timeout_ms")
    public Long timeoutMs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** When a delayed or retrying job is due. */
    @Column(name = "run_at")
    public Instant runAt;

    /** When the command of the current attempt went to the outbox; null while the job waits for dispatch. */
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    /** Retry policy {type, delayMs, maxDelayMs}; null means the configured default. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode backoff;

    @Column(name = "singleton_key")
    public String singletonKey;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "worker_id")
    public String workerId;

    /**
     * The error of each failed attempt, oldest first: [{attempt, code, message, at}], as JSON text. Read-only here:
     * Hibernate Reactive binds JSON columns as objects only, and the array is appended to by SQL (the projection).
     */
    @Formula("attempt_errors::text")
    public String attemptErrors;

    @Column(name = "error_fingerprint")
    public String errorFingerprint;

    @Column(name = "schedule_id")
    public UUID scheduleId;

    @Version
    public long version;
}
