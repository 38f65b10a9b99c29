package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.as;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notification center's routes over real events and PostgreSQL: filters, read and unread, delete, the unread
 * count, and the preferences and profile that decide where a notification goes.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class NotificationCenterTest {

    @Test
    void filtersByReadStateAndTypeMarksReadAndUnreadAndDeletes() {
        String alice = someUser("alice");
        send(jobOf(alice).completed());
        send(jobOf(alice).failed("boom"));
        TestJobs third = jobOf(alice);
        send(third.cancelled());
        JsonPath inbox = awaitTotal(alice, 3);
        assertThat(inbox.getList("data.type", String.class))
                .containsExactly("job_cancelled", "job_failed", "job_completed");
        String failed = inbox.getString("data[1].id");

        as(alice).get("/api/notifications?type=job_failed").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(failed));
        as(alice).patch("/api/notifications/" + failed + "/read").then().statusCode(200).body("read", equalTo(true));
        as(alice).get("/api/notifications?read=true").then().body("data", hasSize(1)).body("data[0].id", equalTo(failed));
        as(alice).get("/api/notifications?read=false").then().body("data", hasSize(2)).body("unreadCount", equalTo(2));
        as(alice).get("/api/notifications/unread-count").then().statusCode(200).body("count", equalTo(2));

        as(alice).patch("/api/notifications/" + failed + "/unread").then().statusCode(200).body("read", equalTo(false));
        as(alice).get("/api/notifications/unread-count").then().body("count", equalTo(3));
        as(alice).patch("/api/notifications/read-all").then().statusCode(200).body("updated", equalTo(3));
        as(alice).get("/api/notifications/unread-count").then().body("count", equalTo(0));

        as(alice).delete("/api/notifications/" + failed).then().statusCode(204);
        as(alice).get("/api/notifications/" + failed).then().statusCode(404);
        as(alice).delete("/api/notifications/" + failed).then().statusCode(404);
        as(alice).get("/api/notifications").then().body("pagination.total", equalTo(2));
    }

    @Test
    void anotherUsersNotificationIsNotFoundOnEveryRoute() {
        String owner = someUser("owner");
        send(jobOf(owner).completed());
        String id = awaitTotal(owner, 1).getString("data[0].id");
        String intruder = someUser("intruder");

        as(intruder).get("/api/notifications/" + id).then().statusCode(404);
        as(intruder).patch("/api/notifications/" + id + "/read").then().statusCode(404);
        as(intruder).patch("/api/notifications/" + id + "/unread").then().statusCode(404);
        as(intruder).delete("/api/notifications/" + id).then().statusCode(404);
        as(intruder).get("/api/notifications/" + id + "/deliveries").then().statusCode(404);
        as(owner).get("/api/notifications/" + id).then().statusCode(200).body("read", equalTo(false));
    }

    @Test
    void preferencesAreCreatedWithTheDefaultsAndASwitchedOffTypeIsKeptOutOfTheCenter() {
        String bob = someUser("bob");
        List<Map<String, Object>> preferences = as(bob).get("/api/notifications/preferences").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(preferences).hasSize(NotificationType.values().length * 2);
        assertThat(preferences).allSatisfy(p -> assertThat(p.get("digest")).isEqualTo("immediate"));
        Map<String, Object> completedInApp = preferences.stream()
                .filter(p -> p.get("type").equals("job_completed") && p.get("channel").equals("in_app"))
                .findFirst().orElseThrow();
        assertThat(completedInApp.get("enabled")).isEqualTo(true);

        as(bob).contentType("application/json").body("{\"enabled\":false}")
                .patch("/api/notifications/preferences/" + completedInApp.get("id"))
                .then().statusCode(200).body("enabled", equalTo(false));
        send(jobOf(bob).completed());
        send(jobOf(bob).failed("shown"));

        JsonPath inbox = awaitTotal(bob, 1);
        assertThat(inbox.getString("data[0].type")).isEqualTo("job_failed");
        assertThat(inbox.getInt("unreadCount")).isEqualTo(1);
    }

    @Test
    void aBulkChangeIsAllOrNothingAndNamesEveryWrongField() {
        String carol = someUser("carol");
        as(carol).contentType("application/json").body("""
                {"preferences": [
                  {"type": "job_failed", "channel": "email", "digest": "daily", "digestHour": 7,
                   "timezone": "Europe/Paris"},
                  {"type": "job_failed", "channel": "in_app", "digest": "daily"},
                  {"type": "nope", "channel": "email", "enabled": false},
                  {"type": "job_completed", "channel": "email", "digestHour": 24}
                ]}""").put("/api/notifications/preferences").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("preferences[1].digest", "preferences[2].type",
                        "preferences[3].digestHour")));
        // nothing applied
        as(carol).get("/api/notifications/preferences").then()
                .body("find { it.type == 'job_failed' && it.channel == 'email' }.digest", equalTo("immediate"));

        as(carol).contentType("application/json").body("""
                {"preferences": [{"type": "job_failed", "channel": "email", "digest": "weekly", "digestHour": 7,
                                  "digestWeekday": 5, "timezone": "Europe/Paris"}]}""")
                .put("/api/notifications/preferences").then().statusCode(200)
                .body("find { it.type == 'job_failed' && it.channel == 'email' }.digest", equalTo("weekly"))
                .body("find { it.type == 'job_failed' && it.channel == 'email' }.timezone", equalTo("Europe/Paris"));
        as(carol).contentType("application/json").body("{\"enabled\":\"no\"}")
                .patch("/api/notifications/preferences/" + java.util.UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aCriticalTypeCannotBeSwitchedOffAndOnlyAdminsMakeTypesCritical() {
        String dave = someUser("dave");
        as(dave).contentType("application/json").body("{\"critical\":true}")
                .patch("/api/notifications/types/job_failed").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin(someUser("root"))).contentType("application/json")
                .body("{\"critical\":true}").patch("/api/notifications/types/invitation").then().statusCode(200)
                .body("critical", equalTo(true));
        try {
            Object invitationInApp = as(dave).get("/api/notifications/preferences").then().extract().jsonPath()
                    .get("find { it.type == 'invitation' && it.channel == 'in_app' }.id");
            as(dave).contentType("application/json").body("{\"enabled\":false}")
                    .patch("/api/notifications/preferences/" + invitationInApp).then().statusCode(400)
                    .body("errors[0].field", equalTo("enabled"));
            as(dave).get("/api/notifications/types").then().statusCode(200)
                    .body("find { it.type == 'invitation' }.critical", equalTo(true));
        } finally {
            given().auth().oauth2(TestTokens.admin(someUser("root"))).contentType("application/json")
                    .body("{\"critical\":false}").patch("/api/notifications/types/invitation").then()
                    .statusCode(200);
        }
    }

    @Test
    void theProfileTakesTheTokensEmailUntilTheUserSetsTheirOwn() {
        String erin = someUser("erin");
        String token = TestTokens.withClaims(erin, claims -> claims.put("email", "erin@example.com"));
        given().auth().oauth2(token).get("/api/notifications/profile").then().statusCode(200)
                .body("email", equalTo("erin@example.com")).body("emailSource", equalTo("token"));

        given().auth().oauth2(token).contentType("application/json").body("{\"email\":\"erin@work.example\"}")
                .put("/api/notifications/profile").then().statusCode(200)
                .body("email", equalTo("erin@work.example")).body("emailSource", equalTo("user"));
        // the token's claim no longer overrides it
        given().auth().oauth2(token).get("/api/notifications/profile").then()
                .body("email", equalTo("erin@work.example"));

        given().auth().oauth2(token).contentType("application/json").body("{\"email\":\"not an address\"}")
                .put("/api/notifications/profile").then().statusCode(400).body("errors[0].field", equalTo("email"));
        given().auth().oauth2(token).contentType("application/json").body("{\"email\":null}")
                .put("/api/notifications/profile").then().statusCode(200)
                .body("email", equalTo("erin@example.com")).body("emailSource", equalTo("token"));
    }
}
