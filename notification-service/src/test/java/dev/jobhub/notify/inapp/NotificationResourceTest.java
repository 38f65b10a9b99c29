package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.Topics;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The store path end to end: events on the real jobs.events → rows in the real PostgreSQL → the REST inbox. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
public class NotificationResourceTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(20);

    @Test
    void completedAndFailedJobsBecomeNotificationsOfTheirOwnerOnly() {
        String alice = someUser("alice");
        TestJobs first = jobOf(alice);
        TestJobs second = jobOf(alice);

        send(first.completed());
        awaitTotal(alice, 1);
        send(second.failed("step 2 exploded"));
        JsonPath inbox = awaitTotal(alice, 2);

        // newest first
        assertThat(inbox.getString("data[0].type")).isEqualTo("job_failed");
        assertThat(inbox.getString("data[0].title")).isEqualTo("Job sleep failed");
        assertThat(inbox.getString("data[0].message")).isEqualTo("step 2 exploded");
        assertThat(inbox.getString("data[0].jobId")).isEqualTo(second.id().toString());
        assertThat(inbox.getString("data[0].jobType")).isEqualTo("sleep");
        assertThat(inbox.getString("data[0].data.error.code")).isEqualTo("handler_error");
        assertThat(inbox.getInt("data[0].data.attempt")).isEqualTo(1);
        assertThat(inbox.getBoolean("data[0].read")).isFalse();
        assertThat(inbox.getString("data[0].createdAt")).isNotBlank();
        assertThat(inbox.getString("data[1].type")).isEqualTo("job_completed");
        assertThat(inbox.getString("data[1].title")).isEqualTo("Job sleep completed");
        assertThat(inbox.getInt("data[1].data.result.slept")).isEqualTo(2);
        assertThat(inbox.getString("data[1].jobId")).isEqualTo(first.id().toString());
        assertThat(inbox.getLong("unreadCount")).isEqualTo(2);
        assertThat(inbox.<String, Object>getMap("pagination"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("page", 1, "limit", 20, "total", 2, "pages", 1));

        as(someUser("bob")).get("/api/notifications").then()
                .statusCode(200)
                .body("data", hasSize(0))
                .body("unreadCount", equalTo(0))
                .body("pagination.total", equalTo(0));
    }

    @Test
    void aRedeliveredEventIsStoredOnceAndOtherRecordsLeaveNoTrace() {
        String alice = someUser("alice");
        TestJobs job = jobOf(alice);

        send(job.started());
        send(job.progress(1));
        TestKafka.produceRaw(Topics.EVENTS, job.id().toString(), "{not json".getBytes(StandardCharsets.UTF_8));
        JobEvent completed = send(job.completed());
        send(completed); // the same event id again, as after a producer retry or a rebalance
        // same partition: once this one is stored, every record before it has been processed
        TestJobs marker = job.markerOnSamePartition();
        send(marker.failed("marker"));

        JsonPath inbox = awaitTotal(alice, 2);

        assertThat(inbox.getList("data.type", String.class)).containsExactly("job_failed", "job_completed");
        assertThat(inbox.getList("data.message", String.class)).containsExactly("marker", "The job finished successfully.");
        assertThat(inbox.getList("data.jobId", String.class))
                .containsExactly(marker.id().toString(), job.id().toString());
    }

    @Test
    void readingNotificationsChangesTheUnreadCount() {
        String alice = someUser("alice");
        for (int i = 0; i < 3; i++) {
            send(jobOf(alice).completed());
        }
        String id = awaitTotal(alice, 3).getString("data[1].id");

        as(alice).post("/api/notifications/{id}/read", id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("read", equalTo(true));
        as(alice).post("/api/notifications/{id}/read", id).then().statusCode(200); // twice is fine
        as(alice).get("/api/notifications").then().body("unreadCount", equalTo(2));
        as(alice).get("/api/notifications?unread=false").then().body("data.id", equalTo(List.of(id)));

        as(alice).get("/api/notifications?unread=true").then()
                .body("data", hasSize(2))
                .body("pagination.total", equalTo(2));
        as(alice).post("/api/notifications/read-all").then()
                .statusCode(200)
                .body("updated", equalTo(2));
        as(alice).get("/api/notifications").then()
                .body("unreadCount", equalTo(0))
                .body("data.read", equalTo(List.of(true, true, true)));
        as(alice).get("/api/notifications?unread=true").then().body("data", hasSize(0));
    }

    @Test
    void anotherUsersNotificationCannotBeMarkedRead() {
        String alice = someUser("alice");
        send(jobOf(alice).completed());
        String id = awaitTotal(alice, 1).getString("data[0].id");

        as(someUser("mallory")).post("/api/notifications/{id}/read", id).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        as(someUser("mallory")).post("/api/notifications/read-all").then().body("updated", equalTo(0));

        as(alice).get("/api/notifications").then().body("unreadCount", equalTo(1));
    }

    @Test
    void pagesAreNewestFirst() {
        String alice = someUser("alice");
        for (int i = 0; i < 3; i++) {
            send(jobOf(alice).completed());
            awaitTotal(alice, i + 1); // one by one, so creation order is known
        }
        List<String> all = as(alice).get("/api/notifications").then().extract().jsonPath().getList("data.id");

        as(alice).get("/api/notifications?page=2&limit=2").then()
                .statusCode(200)
                .body("data.id", equalTo(all.subList(2, 3)))
                .body("pagination.page", equalTo(2))
                .body("pagination.limit", equalTo(2))
                .body("pagination.total", equalTo(3))
                .body("pagination.pages", equalTo(2));
    }

    @ParameterizedTest
    @CsvSource({ "page=0,page", "page=abc,page", "limit=0,limit", "limit=101,limit", "limit=ten,limit",
            "unread=maybe,unread" })
    void badQueryParametersAreAProblemNamingTheParameter(String query, String field) {
        as("alice").get("/api/notifications?" + query).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void aMalformedIdIsABadRequest() {
        as("alice").post("/api/notifications/not-a-uuid/read").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void everyRouteNeedsAValidToken() {
        given().get("/api/notifications").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().post("/api/notifications/read-all").then().statusCode(401);
        given().auth().oauth2(TestTokens.forged("alice")).get("/api/notifications").then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired("alice")).get("/api/notifications").then().statusCode(401);
        TestTokens.unacceptable("alice").forEach((what, token) -> assertThat(given().auth().oauth2(token)
                .get("/api/notifications").statusCode()).as(what).isEqualTo(401));
        // the query-parameter token is for the WebSocket upgrade only
        given().queryParam("access_token", TestTokens.user("alice")).get("/api/notifications").then()
                .statusCode(401);
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jobhub_notify"));
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.user(user));
    }

    /**
     * Waits until the user's inbox holds {@code total} notifications, then checks it holds no more: a duplicate
     * would show up as a larger total.
     */
    public static JsonPath awaitTotal(String user, int total) {
        await().atMost(STORED_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> inbox(user).getInt("pagination.total") >= total);
        JsonPath inbox = inbox(user);
        assertThat(inbox.getInt("pagination.total")).as("notifications of %s", user).isEqualTo(total);
        return inbox;
    }

    private static JsonPath inbox(String user) {
        return as(user).get("/api/notifications").then().statusCode(200).extract().jsonPath();
    }
}
