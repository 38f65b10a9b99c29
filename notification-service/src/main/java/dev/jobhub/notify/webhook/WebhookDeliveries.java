package dev.jobhub.notify.webhook;

import static dev.jobhub.notify.webhook.WebhookEndpoints.instant;
import static dev.jobhub.notify.webhook.WebhookEndpoints.map;
import static dev.jobhub.notify.webhook.WebhookEndpoints.utc;

import dev.jobhub.notify.inapp.NotificationPage;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The outbox of webhook deliveries ({@code notify.webhook_deliveries}) and the log of their attempts: the intake
 * inserts, {@link WebhookDispatcher} claims and records, the resource reads, redelivers and recovers.
 */
@ApplicationScoped
public class WebhookDeliveries {

    /** The rows of a poll keep their order: seq follows the list (WITH ORDINALITY), which follows the topic. */
    private static final String INSERT = """
            INSERT INTO notify.webhook_deliveries (id, endpoint_id, url, user_id, job_id, event_id, message_id,
                                                   event_type, payload, status, next_attempt_at)
            SELECT d.id, d.endpoint_id, d.url, d.user_id, d.job_id, d.event_id, d.message_id, d.event_type,
                   d.payload, 'pending', now()
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::text[],
                          $8::text[], $9::text[]) WITH ORDINALITY
                   AS d(id, endpoint_id, url, user_id, job_id, event_id, message_id, event_type, payload, n)
             ORDER BY d.n
            ON CONFLICT DO NOTHING
            """;

    /** What a sender needs of the deliveries in the CTE {@code claimed}: the target's URL, rate limit and secrets. */
    private static final String SELECT_CLAIMED = """
            SELECT c.id, c.seq, c.endpoint_id, coalesce(e.url, c.url) AS target_url, c.user_id, c.job_id,
                   c.message_id, c.event_type, c.payload, c.attempts, c.schedule_from, e.rate_limit,
                   coalesce(e.secret, s.secret) AS secret,
                   CASE WHEN e.id IS NULL THEN s.previous_secret ELSE e.previous_secret END AS previous_secret,
                   CASE WHEN e.id IS NULL THEN s.previous_secret_until ELSE e.previous_secret_until END
                       AS previous_secret_until
              FROM claimed c
              LEFT JOIN notify.webhook_endpoints e ON e.id = c.endpoint_id
              LEFT JOIN notify.webhook_user_secrets s ON c.endpoint_id IS NULL AND s.user_id = c.user_id
             ORDER BY c.seq
            """;

    /**
     * One statement: the due deliveries nobody holds are leased and charged an attempt. A delivery is a candidate
     * only if no earlier delivery (lower seq) of the same job to the same target is still pending, so a job's events
     * reach a receiver in their order, a later one waiting while an earlier one is retried; one given up on (failed)
     * no longer holds the others. At most $2 per target per round, so a backlog at one receiver does not fill the
     * round. Deliveries of an endpoint that is switched off wait. SKIP LOCKED makes concurrent claims (other
     * replicas) pass over each other's rows; the lease keeps a claimed row from being claimed again.
     */
    private static final String CLAIM = """
            WITH candidates AS (
                SELECT id, seq FROM (
                    SELECT d.id, d.seq,
                           row_number() OVER (PARTITION BY coalesce(d.endpoint_id::text, d.url) ORDER BY d.seq) AS nth
                      FROM notify.webhook_deliveries d
                      LEFT JOIN notify.webhook_endpoints e ON e.id = d.endpoint_id
                     WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                       AND (d.lease_until IS NULL OR d.lease_until < now())
                       AND (d.endpoint_id IS NULL OR e.active)
                       AND (d.job_id IS NULL OR NOT EXISTS (
                               SELECT 1 FROM notify.webhook_deliveries earlier
                                WHERE earlier.job_id = d.job_id AND earlier.status = 'pending'
                                  AND earlier.seq < d.seq
                                  AND earlier.endpoint_id IS NOT DISTINCT FROM d.endpoint_id
                                  AND earlier.url IS NOT DISTINCT FROM d.url))
                ) ranked
                 WHERE nth <= $2
                 ORDER BY seq
                 LIMIT $1
            ), locked AS (
                SELECT d.id FROM notify.webhook_deliveries d
                 WHERE d.id IN (SELECT id FROM candidates)
                   AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now())
                   FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE notify.webhook_deliveries d
                   SET lease_until = now() + $3::bigint * interval '1 millisecond', attempts = d.attempts + 1,
                       updated_at = now()
                  FROM locked WHERE d.id = locked.id
                RETURNING d.*
            )
            """ + SELECT_CLAIMED;

    /** A ping, inserted already claimed (leased, its attempt charged) by the request that sends it at once. */
    private static final String INSERT_CLAIMED = """
            WITH claimed AS (
                INSERT INTO notify.webhook_deliveries (id, endpoint_id, user_id, event_id, message_id, event_type,
                                                       payload, status, attempts, lease_until)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1, now() + $8::bigint * interval '1 millisecond')
                RETURNING *
            )
            """ + SELECT_CLAIMED;

    /**
     * The outcome of an attempt and its log entry, in one statement. A success is recorded whoever holds the row now
     * (the receiver has it); a failure only if the row is still at this attempt, so a sender whose lease ran out
     * cannot undo a newer attempt's outcome. The attempt is logged either way.
     */
    private static final String RECORD = """
            WITH logged AS (
                INSERT INTO notify.webhook_attempts (delivery_id, attempt, status_code, duration_ms, response_excerpt,
                                                     error, started_at, next_attempt_at)
                VALUES ($1, $2, $4, $5, $6, $7, $8, $9)
                ON CONFLICT DO NOTHING
            )
            UPDATE notify.webhook_deliveries
               SET status = $3, lease_until = NULL, last_status = $4, last_error = $7,
                   next_attempt_at = coalesce($9, next_attempt_at), updated_at = now()
             WHERE id = $1 AND status = 'pending' AND ($3 = 'succeeded' OR attempts = $2)
            """;

    /** Not sent because the endpoint's rate limit is spent: the attempt is given back, the row waits a round. */
    private static final String DEFER = """
            UPDATE notify.webhook_deliveries SET attempts = attempts - 1, lease_until = NULL, updated_at = now()
             WHERE id = $1 AND status = 'pending' AND attempts = $2
            """;

    private static final String HEALTHY = """
            UPDATE notify.webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL
            """;

    /** @return whether the endpoint is active and has been failing for longer than $2 */
    private static final String FAILING = """
            UPDATE notify.webhook_endpoints SET failing_since = coalesce(failing_since, now())
             WHERE id = $1
            RETURNING active AND failing_since < now() - $2::bigint * interval '1 millisecond' AS overdue,
                      failing_since
            """;

    private static final String DISABLE = """
            UPDATE notify.webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now()
             WHERE id = $1 AND active
            RETURNING user_id, url
            """;

    private static final String FAIL_PENDING = """
            UPDATE notify.webhook_deliveries
               SET status = 'failed', lease_until = NULL, last_error = $2, updated_at = now()
             WHERE endpoint_id = $1 AND status = 'pending'
            """;

    private static final String COLUMNS = """
            id, message_id, event_type, event_id, job_id, status, attempts, next_attempt_at, last_status, last_error,
            created_at, updated_at""";

    private static final String PAGE = "SELECT " + COLUMNS + ", count(*) OVER () AS total "
            + "FROM notify.webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) "
            + "ORDER BY seq DESC LIMIT $3 OFFSET $4";

    private static final String ATTEMPTS = """
            SELECT delivery_id, attempt, status_code, duration_ms, response_excerpt, error, started_at, next_attempt_at
              FROM notify.webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt
            """;

    /** Due again at once, with a fresh retry schedule; attempt numbers go on from where they were. */
    private static final String REDELIVER = "UPDATE notify.webhook_deliveries SET status = 'pending', "
            + "next_attempt_at = now(), schedule_from = attempts, lease_until = NULL, updated_at = now() "
            + "WHERE endpoint_id = $1 AND id = $2 AND status <> 'pending' RETURNING " + COLUMNS;

    private static final String BY_ID = "SELECT " + COLUMNS
            + " FROM notify.webhook_deliveries WHERE endpoint_id = $1 AND id = $2";

    private static final String RECOVER = """
            UPDATE notify.webhook_deliveries
               SET status = 'pending', next_attempt_at = now(), schedule_from = attempts, lease_until = NULL,
                   updated_at = now()
             WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2
            """;

    private static final String PURGE = """
            DELETE FROM notify.webhook_deliveries WHERE status <> 'pending' AND updated_at < $1
            """;

    /** A delivery to insert; the message id is derived from the row id, so it is the same on every attempt. */
    record NewDelivery(UUID id, UUID endpointId, String url, String userId, UUID jobId, UUID eventId,
            WebhookEventType eventType, String payload) {

        String messageId() {
            return "msg_" + id.toString().replace("-", "");
        }
    }

    /**
     * A delivery a sender holds, with what it takes to send it.
     *
     * @param endpointId null for a per-job target
     * @param attempt this attempt's number (1 for the first)
     * @param scheduleFrom attempts made before the latest redelivery
     * @param rateLimit the endpoint's own limit, or null
     */
    record Claimed(UUID id, UUID endpointId, String url, String userId, UUID jobId, String messageId,
            String eventType, String payload, int attempt, int scheduleFrom, Integer rateLimit,
            WebhookSecrets.Stored secrets) {

        /** The key of the target a rate limit and the round's share apply to. */
        String target() {
            return endpointId != null ? endpointId.toString() : url;
        }

        boolean isPing() {
            return WebhookEventType.PING.wireName().equals(eventType);
        }
    }

    /**
     * What became of an attempt.
     *
     * @param status the delivery's new status
     * @param nextAttemptAt when the next attempt is due, if one follows
     */
    record Outcome(WebhookResponse response, String status, Instant nextAttemptAt) {
    }

    /** An endpoint the platform switched off by an outcome: its owner is told. */
    record Disabled(UUID endpointId, String userId, String url, String reason) {
    }

    private final Pool pool;

    public WebhookDeliveries(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the deliveries in the caller's transaction, in one statement; a delivery there already is skipped. */
    Uni<Integer> insertWithin(SqlConnection connection, List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int size = deliveries.size();
        UUID[] ids = new UUID[size];
        UUID[] endpoints = new UUID[size];
        String[] urls = new String[size];
        String[] users = new String[size];
        UUID[] jobs = new UUID[size];
        UUID[] events = new UUID[size];
        String[] messages = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            NewDelivery delivery = deliveries.get(i);
            ids[i] = delivery.id();
            endpoints[i] = delivery.endpointId();
            urls[i] = delivery.url();
            users[i] = delivery.userId();
            jobs[i] = delivery.jobId();
            events[i] = delivery.eventId();
            messages[i] = delivery.messageId();
            types[i] = delivery.eventType().wireName();
            payloads[i] = delivery.payload();
        }
        Tuple values = Tuple.tuple().addValue(ids).addValue(endpoints).addValue(urls).addValue(users).addValue(jobs)
                .addValue(events).addValue(messages).addValue(types).addValue(payloads);
        return connection.preparedQuery(INSERT).execute(values).map(rows -> rows.rowCount());
    }

    /** Leases up to {@code limit} due deliveries, at most {@code perTarget} per endpoint, and charges an attempt. */
    Uni<List<Claimed>> claim(int limit, int perTarget, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, perTarget, lease.toMillis()))
                .map(rows -> map(rows, WebhookDeliveries::claimed));
    }

    /** Inserts a delivery its caller sends at once (a ping), leased to it with its first attempt charged. */
    Uni<Claimed> insertClaimed(NewDelivery delivery, Duration lease) {
        Tuple values = Tuple.of(delivery.id(), delivery.endpointId(), delivery.userId(), delivery.eventId())
                .addValue(delivery.messageId()).addValue(delivery.eventType().wireName()).addValue(delivery.payload())
                .addValue(lease.toMillis());
        return pool.preparedQuery(INSERT_CLAIMED).execute(values).map(rows -> claimed(rows.iterator().next()));
    }

    private static Claimed claimed(Row row) {
        return new Claimed(row.getUUID("id"), row.getUUID("endpoint_id"), row.getString("target_url"),
                row.getString("user_id"), row.getUUID("job_id"), row.getString("message_id"),
                row.getString("event_type"), row.getString("payload"), row.getInteger("attempts"),
                row.getInteger("schedule_from"), row.getInteger("rate_limit"),
                new WebhookSecrets.Stored(row.getString("secret"), row.getString("previous_secret"),
                        instant(row.getOffsetDateTime("previous_secret_until"))));
    }

    /** Gives the attempt back: the delivery was not sent (its endpoint's rate limit was spent). */
    Uni<Void> defer(Claimed row) {
        return pool.preparedQuery(DEFER).execute(Tuple.of(row.id(), row.attempt())).replaceWithVoid();
    }

    /**
     * Records an attempt's outcome, and what it says about its endpoint, in one transaction: a success ends the
     * endpoint's failing streak; a failure starts one, and a 410 or a streak longer than {@code disableAfter}
     * switches the endpoint off and fails its pending deliveries.
     *
     * @param onDisabled called within the transaction when this outcome switched the endpoint off
     */
    Uni<Void> record(Claimed row, Outcome outcome, Duration disableAfter,
            BiFunction<SqlConnection, Disabled, Uni<Void>> onDisabled) {
        WebhookResponse response = outcome.response();
        Tuple values = Tuple.of(row.id(), row.attempt(), outcome.status(), response.statusCode())
                .addValue(response.durationMs()).addValue(response.excerpt()).addValue(response.error())
                .addValue(utc(response.startedAt())).addValue(utc(outcome.nextAttemptAt()));
        return pool.withTransaction(connection -> connection.preparedQuery(RECORD).execute(values)
                .chain(updated -> updated.rowCount() == 0 || row.endpointId() == null || row.isPing()
                        ? Uni.createFrom().voidItem()
                        : endpointHealth(connection, row, outcome, disableAfter, onDisabled)));
    }

    private Uni<Void> endpointHealth(SqlConnection connection, Claimed row, Outcome outcome, Duration disableAfter,
            BiFunction<SqlConnection, Disabled, Uni<Void>> onDisabled) {
        if (outcome.response().succeeded()) {
            return connection.preparedQuery(HEALTHY).execute(Tuple.of(row.endpointId())).replaceWithVoid();
        }
        return connection.preparedQuery(FAILING).execute(Tuple.of(row.endpointId(), disableAfter.toMillis()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row health = rows.iterator().next();
                    String reason;
                    if (outcome.response().gone()) {
                        reason = "the receiver answered 410 Gone";
                    } else if (Boolean.TRUE.equals(health.getBoolean("overdue"))) {
                        reason = "every delivery failed since " + health.getOffsetDateTime("failing_since")
                                .toInstant();
                    } else {
                        return Uni.createFrom().voidItem();
                    }
                    return disable(connection, row.endpointId(), reason, onDisabled);
                });
    }

    private Uni<Void> disable(SqlConnection connection, UUID endpointId, String reason,
            BiFunction<SqlConnection, Disabled, Uni<Void>> onDisabled) {
        return connection.preparedQuery(DISABLE).execute(Tuple.of(endpointId, reason)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem(); // switched off already: its owner has been told
            }
            Row owner = rows.iterator().next();
            Disabled disabled = new Disabled(endpointId, owner.getString("user_id"), owner.getString("url"), reason);
            return connection.preparedQuery(FAIL_PENDING).execute(Tuple.of(endpointId, "endpoint disabled: " + reason))
                    .chain(() -> onDisabled.apply(connection, disabled));
        });
    }

    /** A page of an endpoint's deliveries, newest first, each with its attempts. */
    Uni<WebhookDeliveryPage> page(UUID endpointId, String status, int page, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(endpointId, status, limit, (long) (page - 1) * limit))
                .chain(rows -> {
                    long total = rows.size() == 0 ? 0 : rows.iterator().next().getLong("total");
                    List<WebhookDelivery> deliveries = map(rows, WebhookDeliveries::delivery);
                    return withAttempts(deliveries).map(data -> new WebhookDeliveryPage(data,
                            new NotificationPage.Pagination(page, limit, total, (int) ((total + limit - 1) / limit))));
                });
    }

    /** Sends a delivery that succeeded or was given up on again, from now; 404 if the endpoint has no such one. */
    Uni<WebhookDelivery> redeliver(UUID endpointId, UUID deliveryId) {
        return pool.preparedQuery(REDELIVER).execute(Tuple.of(endpointId, deliveryId)).chain(rows -> {
            if (rows.size() > 0) {
                return Uni.createFrom().item(delivery(rows.iterator().next()));
            }
            // pending already (it will be sent anyway), or none
            return pool.preparedQuery(BY_ID).execute(Tuple.of(endpointId, deliveryId)).map(found -> {
                if (found.size() == 0) {
                    throw ProblemException.notFound("delivery");
                }
                return delivery(found.iterator().next());
            });
        }).chain(delivery -> withAttempts(List.of(delivery)).map(list -> list.get(0)));
    }

    /** Sends every failed delivery of the endpoint made since {@code since} again. @return how many */
    Uni<Integer> recover(UUID endpointId, Instant since) {
        return pool.preparedQuery(RECOVER).execute(Tuple.of(endpointId, utc(since))).map(rows -> rows.rowCount());
    }

    /** Deletes the deliveries finished before {@code before}, with their attempts. @return how many */
    Uni<Integer> purge(Instant before) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(utc(before))).map(rows -> rows.rowCount());
    }

    /** The delivery of this id with its attempts. */
    Uni<WebhookDelivery> get(UUID endpointId, UUID deliveryId) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(endpointId, deliveryId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(ProblemException.notFound("delivery"));
            }
            return withAttempts(List.of(delivery(rows.iterator().next()))).map(list -> list.get(0));
        });
    }

    private Uni<List<WebhookDelivery>> withAttempts(List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = deliveries.stream().map(WebhookDelivery::id).toArray(UUID[]::new);
        return pool.preparedQuery(ATTEMPTS).execute(Tuple.tuple().addValue(ids)).map(rows -> {
            Map<UUID, List<WebhookDelivery.Attempt>> byDelivery = new HashMap<>();
            for (Row row : rows) {
                byDelivery.computeIfAbsent(row.getUUID("delivery_id"), id -> new ArrayList<>())
                        .add(new WebhookDelivery.Attempt(row.getInteger("attempt"), row.getInteger("status_code"),
                                row.getLong("duration_ms"), row.getString("response_excerpt"),
                                row.getString("error"), instant(row.getOffsetDateTime("started_at")),
                                instant(row.getOffsetDateTime("next_attempt_at"))));
            }
            return deliveries.stream()
                    .map(delivery -> delivery.withAttempts(byDelivery.getOrDefault(delivery.id(), List.of())))
                    .toList();
        });
    }

    private static WebhookDelivery delivery(Row row) {
        String status = row.getString("status");
        return new WebhookDelivery(row.getUUID("id"), row.getString("message_id"), row.getString("event_type"),
                row.getUUID("event_id"), row.getUUID("job_id"), status, row.getInteger("attempts"),
                WebhookDelivery.PENDING.equals(status) ? instant(row.getOffsetDateTime("next_attempt_at")) : null,
                row.getInteger("last_status"), row.getString("last_error"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")), null);
    }
}
