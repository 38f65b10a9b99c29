package dev.jobhub.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code Idempotency-Key} header: the same key from the same user within {@code jobhub.jobs.idempotency-ttl}
 * (24 h) answers what the first request got, without creating another job. The key row is written in the same
 * transaction as the job; its primary key (user_id, key) makes a concurrent duplicate fail, and that one then
 * replays the winner's answer. Older keys are ignored, and deleted by a periodic cleanup (any replica may run it).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;
    static final String PRIMARY_KEY = "idempotency_keys_pkey";

    private final Pool pool;
    private final Vertx vertx;
    private final Duration ttl;
    private final Duration cleanupInterval;

    public IdempotencyKeys(Pool pool, Vertx vertx,
            @ConfigProperty(name = "jobhub.jobs.idempotency-ttl") Duration ttl,
            @ConfigProperty(name = "jobhub.jobs.idempotency-cleanup-interval") Duration cleanupInterval) {
        this.pool = pool;
        this.vertx = vertx;
        this.ttl = ttl;
        this.cleanupInterval = cleanupInterval;
    }

    /** A request's key and the fingerprint of what it asks for. */
    public record Request(String userId, String key, String hash) {
    }

    /** The stored answer to replay: the job and the body the first request got. */
    public record Replay(UUID jobId, JsonNode response) {
    }

    /** @return null without a header; else the key, checked (400 naming the header if it is too long or blank) */
    public static Request request(String userId, String key, String path, String body) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("the " + HEADER + " header must be 1 to " + MAX_LENGTH + " characters",
                    HEADER);
        }
        return new Request(userId, key, sha256(path + "\n" + (body == null ? "" : body)));
    }

    /** The answer stored for the key within the time-to-live, or null; 422 if the key was used for another request. */
    @WithSession
    public Uni<Replay> find(Request request) {
        return IdempotencyKey.<IdempotencyKey>findById(new IdempotencyKey.Pk(request.userId(), request.key()))
                .map(stored -> {
                    if (stored == null || stored.createdAt.isBefore(Instant.now().minus(ttl))) {
                        return null;
                    }
                    if (stored.requestHash != null && !stored.requestHash.equals(request.hash())) {
                        throw new ProblemException(new Problem("about:blank", "Unprocessable Content", 422,
                                "this " + HEADER + " was used for a different request", java.util.List.of(
                                        new Problem.FieldError(HEADER, "was used for a different request"))));
                    }
                    return new Replay(stored.jobId, stored.response);
                });
    }

    /** Records the key with the answer, in the caller's transaction (an expired row of the same key is replaced). */
    public Uni<Void> remember(Request request, UUID jobId, JsonNode response) {
        IdempotencyKey row = new IdempotencyKey();
        row.userId = request.userId();
        row.idempotencyKey = request.key();
        row.jobId = jobId;
        row.createdAt = Instant.now();
        row.requestHash = request.hash();
        row.response = response;
        return IdempotencyKey.delete("userId = ?1 and idempotencyKey = ?2 and createdAt < ?3", request.userId(),
                        request.key(), row.createdAt.minus(ttl))
                .chain(row::persist)
                .replaceWithVoid();
    }

    static boolean isDuplicate(Throwable failure) {
        return PgErrors.isUniqueViolation(failure, PRIMARY_KEY);
    }

    void scheduleCleanup(@Observes StartupEvent event) {
        vertx.setPeriodic(cleanupInterval.toMillis(), id -> deleteExpired().subscribe().with(
                deleted -> {
                    if (deleted > 0) {
                        Log.debugf("deleted %d expired idempotency keys", deleted);
                    }
                },
                failure -> Log.warnf("cannot delete expired idempotency keys now: %s", failure.getMessage())));
    }

    /** Deletes keys older than the time-to-live; returns how many. */
    public Uni<Integer> deleteExpired() {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) ttl.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
