package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.as;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.NotificationRequest;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** System messages and invitations, sent by an admin over REST or by a system on notifications.requests. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class AnnouncementTest {

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin(someUser("root"))).contentType("application/json");
    }

    @Test
    void aSystemMessageReachesEachNamedUserOnceEvenSentTwice() {
        String alice = someUser("alice");
        String bob = someUser("bob");
        String body = """
                {"requestId": "%s", "type": "system", "title": "Maintenance tonight",
                 "message": "The platform is read-only from 22:00 to 22:30 UTC.", "userIds": ["%s", "%s"]}"""
                .formatted(UUID.randomUUID(), alice, bob);

        admin().body(body).post("/api/notifications").then().statusCode(202).body("notified", equalTo(2));
        admin().body(body).post("/api/notifications").then().statusCode(202).body("notified", equalTo(0));

        for (String user : List.of(alice, bob)) {
            JsonPath inbox = awaitTotal(user, 1);
            assertThat(inbox.getString("data[0].type")).isEqualTo("system");
            assertThat(inbox.getString("data[0].title")).isEqualTo("Maintenance tonight");
        }
    }

    @Test
    void everyoneMeansEveryUserTheServiceKnows() {
        String carol = someUser("carol");
        as(carol).get("/api/notifications/preferences").then().statusCode(200); // carol is known now

        admin().body("{\"type\":\"system\",\"title\":\"Hello everyone\",\"all\":true}").post("/api/notifications")
                .then().statusCode(202);

        as(carol).get("/api/notifications").then().body("data.title", hasItem("Hello everyone"));
    }

    @Test
    void onlyAdminsSendAndAnInvitationNeedsAWebAcceptLink() {
        String dave = someUser("dave");
        given().auth().oauth2(TestTokens.user(dave)).contentType("application/json")
                .body("{\"type\":\"system\",\"title\":\"x\",\"userIds\":[\"" + dave + "\"]}")
                .post("/api/notifications").then().statusCode(403).contentType("application/problem+json");
        admin().body("{\"type\":\"invitation\",\"title\":\"Join\",\"userIds\":[\"" + dave + "\"]}")
                .post("/api/notifications").then().statusCode(400).body("errors[0].field", equalTo("data.acceptUrl"));
        admin().body("{\"type\":\"invitation\",\"title\":\"Join\",\"userIds\":[\"" + dave + "\"],"
                        + "\"data\":{\"acceptUrl\":\"javascript:alert(1)\"}}")
                .post("/api/notifications").then().statusCode(400).body("errors[0].field", equalTo("data.acceptUrl"));
        admin().body("{\"type\":\"job_completed\",\"title\":\"\"}").post("/api/notifications").then().statusCode(400)
                .body("errors.field", equalTo(List.of("type", "title", "userIds")));
    }

    @Test
    void anInvitationOnTheRequestsTopicCarriesItsAcceptLink() {
        String erin = someUser("erin");
        NotificationRequest request = new NotificationRequest(UUID.randomUUID(), NotificationRequest.TYPE, 1,
                Instant.now(), "invitation", List.of(erin), false, "Ada invites you to the team 'ops'", null,
                JobJsonCodec.mapper().createObjectNode().put("acceptUrl", "https://app.example/invitations/42"));

        TestKafka.produceRaw(Topics.NOTIFICATION_REQUESTS, request.id().toString(), JobJsonCodec.toBytes(request));
        TestKafka.produceRaw(Topics.NOTIFICATION_REQUESTS, request.id().toString(), JobJsonCodec.toBytes(request));

        JsonPath inbox = awaitTotal(erin, 1);
        assertThat(inbox.getString("data[0].type")).isEqualTo("invitation");
        assertThat(inbox.getString("data[0].data.acceptUrl")).isEqualTo("https://app.example/invitations/42");
    }
}
