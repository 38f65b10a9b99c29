package dev.jobhub.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A cron schedule (table {@code api.schedules}): each firing submits a job owned by the schedule's owner. */
@Entity
@Table(name = "schedules")
public class Schedule extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String name;

    /** Unix 5-field cron expression, evaluated in {@link #timezone}. */
    @Column(nullable = false)
    public String cron;

    /** IANA zone id. */
    @Column(nullable = false)
    public String timezone;

    @Column(name = "job_type", nullable = false)
    public String jobType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode payload;

    /** Wire name of the jobs' priority. */
    public String priority;

    @Column(name = "max_attempts")
    public Integer maxAttempts;

    /** The jobs' singleton key (set by the platform, e.g. a connection's rebuild schedule); null for none. */
    @Column(name = "singleton_key")
    public String singletonKey;

    @Column(nullable = false)
    public boolean enabled;

    /** The tick to fire next; null while disabled. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "last_job_id")
    public UUID lastJobId;

    /** Why the last firing created no job; null after a firing that did. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
