package dev.jobhub.notify.explain;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.as;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.jobhub.model.JobEvent;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** "Why was I (not) notified?" over real events: every notification with its channels' fates, every suppression. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ExplainTest {

    @Test
    void aJobsExplanationShowsTheToldOutcomeItsChannelsAndTheSupersededCompletion() {
        String fay = someUser("fay");
        switchOff(fay, "job_failed", "email");
        TestJobs first = jobOf(fay);
        send(first.started());
        JobEvent late = first.completed();
        TestJobs second = first.nextAttempt();
        send(second.queued());
        send(late);
        JobEvent failed = send(second.failed("attempt 2 failed for good"));
        awaitTotal(fay, 1);

        JsonPath explanation = as(fay).get("/api/notifications/explain?jobId=" + first.id()).then().statusCode(200)
                .extract().jsonPath();

        assertThat(explanation.getString("jobId")).isEqualTo(first.id().toString());
        assertThat(explanation.getList("notifications")).hasSize(1);
        assertThat(explanation.getString("notifications[0].eventId")).isEqualTo(failed.id().toString());
        assertThat(explanation.getString("notifications[0].type")).isEqualTo("job_failed");
        assertThat(explanation.getString("notifications[0].deliveries.find { it.channel == 'in_app' }.status"))
                .isEqualTo("sent");
        assertThat(explanation.getString("notifications[0].deliveries.find { it.channel == 'email' }.status"))
                .isEqualTo("skipped");
        assertThat(explanation.getString("notifications[0].deliveries.find { it.channel == 'email' }.reason"))
                .isEqualTo("disabled_by_user");
        assertThat(explanation.getList("suppressed")).hasSize(1);
        assertThat(explanation.getString("suppressed[0].eventId")).isEqualTo(late.id().toString());
        assertThat(explanation.getString("suppressed[0].eventType")).isEqualTo("job.completed");
        assertThat(explanation.getInt("suppressed[0].attempt")).isEqualTo(1);
        assertThat(explanation.getString("suppressed[0].reason")).isEqualTo(SuppressionLog.STALE);

        // another user learns nothing of it; an admin sees it
        as(someUser("gus")).get("/api/notifications/explain?jobId=" + first.id()).then().statusCode(200)
                .body("notifications", empty()).body("suppressed", empty());
        given().auth().oauth2(TestTokens.admin(someUser("root")))
                .get("/api/notifications/explain?jobId=" + first.id()).then().statusCode(200)
                .body("notifications", hasSize(1)).body("notifications[0].userId", equalTo(fay))
                .body("suppressed", hasSize(1));
    }

    @Test
    void aDeliveryOnlyACriticalTypeSentSaysSo() {
        String hal = someUser("hal");
        switchOff(hal, "job_cancelled", "in_app");
        setCritical("job_cancelled", true);
        try {
            TestJobs job = jobOf(hal);
            send(job.cancelled());
            awaitTotal(hal, 1);

            as(hal).get("/api/notifications/explain?jobId=" + job.id()).then().statusCode(200)
                    .body("notifications[0].shown", equalTo(true))
                    .body("notifications[0].deliveries.find { it.channel == 'in_app' }.reason",
                            equalTo("critical_override"));
        } finally {
            setCritical("job_cancelled", false);
        }
    }

    @Test
    void theJobIdIsRequiredAndMustBeAUuid() {
        String ivy = someUser("ivy");
        as(ivy).get("/api/notifications/explain").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("jobId"));
        as(ivy).get("/api/notifications/explain?jobId=nope").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("jobId"));
        given().get("/api/notifications/explain?jobId=" + jobOf(ivy).id()).then().statusCode(401);
    }

    private static void switchOff(String user, String type, String channel) {
        Object id = as(user).get("/api/notifications/preferences").then().statusCode(200).extract().jsonPath()
                .get("find { it.type == '" + type + "' && it.channel == '" + channel + "' }.id");
        as(user).contentType("application/json").body("{\"enabled\":false}")
                .patch("/api/notifications/preferences/" + id).then().statusCode(200);
    }

    private static void setCritical(String type, boolean critical) {
        given().auth().oauth2(TestTokens.admin(someUser("root"))).contentType("application/json")
                .body("{\"critical\":" + critical + "}").patch("/api/notifications/types/" + type).then()
                .statusCode(200);
    }
}
