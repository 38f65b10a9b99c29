package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An Idempotency-Key a user sent with a submission, and the answer it got (table {@code api.idempotency_keys}). */
@Entity
@Table(name = "idempotency_keys")
@IdClass(IdempotencyKey.Pk.class)
public class IdempotencyKey extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public String userId;

    @Id
    @Column(name = "key")
    public String idempotencyKey;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** SHA-256 of the request (path and body): the same key for another request is refused. */
    @Column(name = "request_hash")
    public String requestHash;

    /** The body of the first answer, replayed as it was. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode response;

    public static class Pk implements Serializable {

        public String userId;
        public String idempotencyKey;

        public Pk() {
        }

        public Pk(String userId, String idempotencyKey) {
            this.userId = userId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Pk id && Objects.equals(userId, id.userId)
                    && Objects.equals(idempotencyKey, id.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, idempotencyKey);
        }
    }
}
