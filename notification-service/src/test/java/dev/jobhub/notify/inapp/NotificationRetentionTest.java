package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.as;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention purge on real rows: what is past the retention goes, with its delivery log, what is not stays, and
 * the unread count the triggers keep follows the deletion.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class NotificationRetentionTest {

    @Inject
    NotificationRetention retention;

    @Inject
    Pool pool;

    @Test
    void deletesWhatIsPastTheRetentionWithItsDeliveriesAndTheUnreadCountFollows() {
        String dora = someUser("dora");
        send(jobOf(dora).completed());
        send(jobOf(dora).failed("old news"));
        JsonPath inbox = awaitTotal(dora, 2);
        as(dora).get("/api/notifications/unread-count").then().body("count", equalTo(2));
        UUID old = UUID.fromString(inbox.getString("data.find { it.type == 'job_failed' }.id"));
        UUID recent = UUID.fromString(inbox.getString("data.find { it.type == 'job_completed' }.id"));
        UUID oldEvent = single("SELECT event_id FROM notify.notifications WHERE id = $1", old);
        execute("UPDATE notify.notifications SET created_at = now() - interval '91 days' WHERE id = $1", old);
        execute("UPDATE notify.processed_events SET processed_at = now() - interval '8 days' WHERE event_id = $1",
                oldEvent);
        UUID oldMail = UUID.randomUUID();
        UUID pendingMail = UUID.randomUUID();
        insertEmail(oldMail, dora, "sent");
        insertEmail(pendingMail, dora, "pending");

        NotificationRetention.Purged purged = retention.purge(Instant.now()).await().indefinitely();

        assertThat(purged.notifications()).isGreaterThanOrEqualTo(1);
        as(dora).get("/api/notifications").then().statusCode(200)
                .body("pagination.total", equalTo(1)).body("data[0].id", equalTo(recent.toString()))
                .body("unreadCount", equalTo(1));
        as(dora).get("/api/notifications/unread-count").then().body("count", equalTo(1));
        assertThat(count("SELECT count(*) FROM notify.notification_deliveries WHERE notification_id = $1", old))
                .isZero();
        assertThat(count("SELECT count(*) FROM notify.notification_deliveries WHERE notification_id = $1", recent))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notify.processed_events WHERE event_id = $1", oldEvent)).isZero();
        assertThat(count("SELECT count(*) FROM notify.email_outbox WHERE id = $1", oldMail)).isZero();
        assertThat(count("SELECT count(*) FROM notify.email_outbox WHERE id = $1", pendingMail)).isOne();
        // the counter equals a recount
        assertThat(count("SELECT count(*) FROM notify.notifications WHERE user_id = $1 AND read_at IS NULL AND shown",
                dora)).isEqualTo(count("SELECT unread FROM notify.unread_counts WHERE user_id = $1", dora));
    }

    private void insertEmail(UUID id, String user, String status) {
        pool.preparedQuery("""
                        INSERT INTO notify.email_outbox (id, user_id, to_address, subject, text_body, kind, status,
                                                         next_attempt_at, created_at)
                        VALUES ($1, $2, 'dora@example.com', 'old', 'old', 'notification', $3,
                                now() - interval '91 days', now() - interval '91 days')""")
                .execute(Tuple.of(id, user, status)).await().indefinitely();
    }

    private void execute(String sql, Object parameter) {
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely();
    }

    private UUID single(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next()
                .getUUID(0);
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next()
                .getLong(0);
    }
}
