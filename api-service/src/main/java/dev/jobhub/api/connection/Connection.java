package dev.jobhub.api.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A user's registered database (table {@code api.connections}), whose schema the schema jobs introspect. The
 * password is stored only sealed ({@code CredentialCipher}, bound to the id); worker-service reads the row through
 * the view {@code api.connection_credentials}.
 */
@Entity
@Table(name = "connections")
public class Connection extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public int port;

    @Column(name = "database_name", nullable = false)
    public String database;

    @Column(nullable = false)
    public String username;

    /** {@code v1:<keyId>:<base64>}; null when the connection has no password. */
    @Column(name = "password_sealed")
    public String passwordSealed;

    @Column(name = "ssl_mode", nullable = false)
    public String sslMode;

    /** {@code {connectTimeoutMs?, statementTimeoutMs?}}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode options;

    @Column(name = "rebuild_cron")
    public String rebuildCron;

    @Column(name = "rebuild_timezone")
    public String rebuildTimezone;

    /** The schedule that rebuilds the schema regularly; null without one. */
    @Column(name = "schedule_id")
    public UUID scheduleId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
