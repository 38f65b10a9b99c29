package dev.jobhub.notify.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The email outbox (table {@code notify.email_outbox}): callers enqueue emails, in their own transaction or in one of
 * their own, and {@link EmailSender} drains it. Enqueueing an id that is there already does nothing, so a caller
 * that derives ids from what an email is about may enqueue again after a crash or a redelivery.
 */
@ApplicationScoped
public class EmailOutbox {

    private static final String INSERT = """
            INSERT INTO notify.email_outbox (id, user_id, to_address, subject, text_body, html_body, kind, status,
                                             next_attempt_at, notification_id, held_while_online)
            SELECT m.id, m.user_id, m.to_address, m.subject, m.text_body, m.html_body, m.kind, 'pending',
                   now() + m.held_ms * interval '1 millisecond', m.notification_id, m.held_ms > 0
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::uuid[], $9::bigint[])
                   AS m(id, user_id, to_address, subject, text_body, html_body, kind, notification_id, held_ms)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String STATUSES = """
            SELECT id, status, attempts, last_error, sent_at, next_attempt_at
              FROM notify.email_outbox
             WHERE id = ANY($1::uuid[])
            """;

    private static final String BACKLOG = """
            SELECT (SELECT count(*) FROM notify.email_outbox WHERE status = 'pending'),
                   (SELECT count(*) FROM notify.email_outbox WHERE status = 'failed'),
                   (SELECT extract(epoch FROM now() - min(created_at))::float8
                      FROM notify.email_outbox WHERE status = 'pending')
            """;

    /**
     * Emails held while their user was online whose grace has passed, and whose notification the user has read or
     * deleted meanwhile: they are not sent. Run before each claim, so such a row is never claimed.
     */
    private static final String DROP_READ_WHILE_HELD = """
            UPDATE notify.email_outbox o
               SET status = 'skipped', lease_until = NULL
             WHERE o.status = 'pending' AND o.held_while_online AND o.next_attempt_at <= now()
               AND NOT EXISTS (SELECT 1 FROM notify.notifications n
                                WHERE n.id = o.notification_id AND n.read_at IS NULL)
            """;

    /**
     * One statement, so one short transaction: the due rows nobody holds, oldest due first, are leased and charged an
     * attempt. SKIP LOCKED makes concurrent claims (other replicas) pass over each other's rows instead of waiting for
     * them, and the lease keeps a claimed row from being claimed again once this statement has committed.
     */
    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE notify.email_outbox o
                   SET lease_until = now() + $2::bigint * interval '1 millisecond',
                       attempts = o.attempts + 1
                 WHERE o.id IN (SELECT id
                                  FROM notify.email_outbox
                                 WHERE status = 'pending'
                                   AND next_attempt_at <= now()
                                   AND (lease_until IS NULL OR lease_until < now())
                                 ORDER BY next_attempt_at
                                 LIMIT $1
                                   FOR UPDATE SKIP LOCKED)
                RETURNING o.id, o.user_id, o.to_address, o.subject, o.text_body, o.html_body, o.kind, o.attempts,
                          o.notification_id)
            SELECT c.*, n.type, n.title, n.message, n.data::text AS data, n.created_at
              FROM claimed c
              LEFT JOIN notify.notifications n ON c.text_body IS NULL AND n.id = c.notification_id
            """;

    // The outcomes of a claimed attempt. Sent is recorded whoever holds the row now (the mail has gone, whatever
    // happens next); the others only if the row is still at this attempt, so a sender whose lease ran out and whose
    // row was claimed again cannot undo the newer attempt's state.

    private static final String MARK_SENT = """
            UPDATE notify.email_outbox
               SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL
             WHERE id = ANY($1::uuid[]) AND status = 'pending'
            """;

    private static final String MARK_RETRY = """
            UPDATE notify.email_outbox
               SET next_attempt_at = now() + $3::bigint * interval '1 millisecond', lease_until = NULL,
                   last_error = $4
             WHERE id = $1 AND status = 'pending' AND attempts = $2
            """;

    private static final String MARK_FAILED = """
            UPDATE notify.email_outbox
               SET status = 'failed', lease_until = NULL, last_error = $3
             WHERE id = $1 AND status = 'pending' AND attempts = $2
            """;

    /** Not sent, and never will be: the notification it was to be rendered from is gone. */
    private static final String MARK_SKIPPED = """
            UPDATE notify.email_outbox
               SET status = 'skipped', lease_until = NULL, last_error = $3
             WHERE id = $1 AND status = 'pending' AND attempts = $2
            """;

    /** Not sent because the circuit breaker is open: the attempt is given back, the row waits for the breaker. */
    private static final String DEFER = """
            UPDATE notify.email_outbox
               SET attempts = attempts - 1, lease_until = NULL,
                   next_attempt_at = now() + $3::bigint * interval '1 millisecond'
             WHERE id = $1 AND status = 'pending' AND attempts = $2
            """;

    /**
     * A row a sender holds.
     *
     * @param subject      null, like both bodies, for an email to render from its notification
     * @param notification what to render, for an email without bodies; null if it has bodies, or if its notification
     *                     is gone (deleted by its user or the retention) and it is not to be sent
     * @param attempt      this attempt's number (1 for the first send)
     */
    record Claimed(UUID id, String userId, String to, String subject, String textBody, String htmlBody, String kind,
            NotificationEmail notification, int attempt) {

        boolean rendered() {
            return textBody != null;
        }
    }

    private final Pool pool;
    private final ObjectMapper json;

    public EmailOutbox(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Enqueues the emails in the caller's transaction, in one statement, due now; ids already in the outbox are
     * skipped (a repeated id within the list too).
     */
    public Uni<Void> enqueueWithin(SqlConnection connection, List<EmailMessage> messages) {
        List<EmailMessage> unique = List.copyOf(messages.stream()
                .collect(Collectors.toMap(EmailMessage::id, Function.identity(), (first, again) -> first,
                        LinkedHashMap::new))
                .values());
        if (unique.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = unique.size();
        UUID[] ids = new UUID[size];
        String[] userIds = new String[size];
        String[] to = new String[size];
        String[] subjects = new String[size];
        String[] texts = new String[size];
        String[] htmls = new String[size];
        String[] kinds = new String[size];
        UUID[] notificationIds = new UUID[size];
        Long[] heldMillis = new Long[size];
        for (int i = 0; i < size; i++) {
            EmailMessage message = unique.get(i);
            ids[i] = message.id();
            userIds[i] = message.userId();
            to[i] = message.to();
            subjects[i] = message.subject();
            texts[i] = message.textBody();
            htmls[i] = message.htmlBody();
            kinds[i] = message.kind();
            notificationIds[i] = message.notificationId();
            heldMillis[i] = message.heldWhileOnline().toMillis();
        }
        Tuple values = Tuple.tuple().addValue(ids).addValue(userIds).addValue(to).addValue(subjects).addValue(texts)
                .addValue(htmls).addValue(kinds).addValue(notificationIds).addValue(heldMillis);
        return connection.preparedQuery(INSERT).execute(values).replaceWithVoid();
    }

    /** Enqueues the emails in a transaction of their own. */
    public Uni<Void> enqueue(List<EmailMessage> messages) {
        return pool.withTransaction(connection -> enqueueWithin(connection, messages));
    }

    /** The rows of these ids that exist, by id (an unknown id is absent from the map). */
    public Uni<Map<UUID, EmailStatus>> statuses(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(STATUSES).execute(Tuple.tuple().addValue(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, EmailStatus> statuses = new HashMap<>();
            for (Row row : rows) {
                statuses.put(row.getUUID("id"), new EmailStatus(row.getString("status"), row.getInteger("attempts"),
                        row.getString("last_error"), instant(row.getOffsetDateTime("sent_at")),
                        instant(row.getOffsetDateTime("next_attempt_at"))));
            }
            return statuses;
        });
    }

    /** The row of this id, or null if there is none. */
    public Uni<EmailStatus> status(UUID id) {
        return statuses(List.of(id)).map(statuses -> statuses.get(id));
    }

    /** Pending and failed rows, and the age of the oldest pending one. */
    public Uni<EmailBacklog> backlog() {
        return pool.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            Double oldest = row.getDouble(2);
            return new EmailBacklog(row.getLong(0), row.getLong(1),
                    oldest == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, Math.round(oldest * 1000))));
        });
    }

    /** Drops the held emails whose notification was read or deleted during their grace. @return how many */
    Uni<Integer> dropReadWhileHeld() {
        return pool.query(DROP_READ_WHILE_HELD).execute().map(rows -> rows.rowCount());
    }

    /** Leases up to {@code limit} due rows for {@code lease} and charges each an attempt. */
    Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis())).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                claimed.add(new Claimed(row.getUUID("id"), row.getString("user_id"), row.getString("to_address"),
                        row.getString("subject"), row.getString("text_body"), row.getString("html_body"),
                        row.getString("kind"), toRender(row), row.getInteger("attempts")));
            }
            return claimed;
        });
    }

    /** The notification a claimed row without bodies tells, as its email renders it; null if there is none. */
    private NotificationEmail toRender(Row row) {
        // the claim joins the notification only for a row without bodies: no title, nothing to render
        if (row.getString("title") == null) {
            return null;
        }
        String data = row.getString("data");
        try {
            return NotificationEmail.of(row.getUUID("notification_id"), row.getString("type"), row.getString("title"),
                    row.getString("message"), instant(row.getOffsetDateTime("created_at")),
                    data == null ? null : json.readTree(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification " + row.getUUID("notification_id")
                    + " holds data that is not JSON", e);
        }
    }

    /** Records these rows sent, in one statement (one commit for a batch, not one per email). */
    Uni<Void> markSent(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(MARK_SENT).execute(Tuple.tuple().addValue(ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    Uni<Void> markRetry(Claimed row, Duration wait, String error) {
        return pool.preparedQuery(MARK_RETRY).execute(Tuple.of(row.id(), row.attempt(), wait.toMillis(), error))
                .replaceWithVoid();
    }

    Uni<Void> markFailed(Claimed row, String error) {
        return pool.preparedQuery(MARK_FAILED).execute(Tuple.of(row.id(), row.attempt(), error)).replaceWithVoid();
    }

    Uni<Void> markSkipped(Claimed row, String reason) {
        return pool.preparedQuery(MARK_SKIPPED).execute(Tuple.of(row.id(), row.attempt(), reason)).replaceWithVoid();
    }

    Uni<Void> defer(Claimed row, Duration wait) {
        return pool.preparedQuery(DEFER).execute(Tuple.of(row.id(), row.attempt(), wait.toMillis()))
                .replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
