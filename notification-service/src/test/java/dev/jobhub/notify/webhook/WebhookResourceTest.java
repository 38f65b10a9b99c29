package dev.jobhub.notify.webhook;

import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.webhook.WebhookFixtures.as;
import static dev.jobhub.notify.webhook.WebhookFixtures.assertSignedBy;
import static dev.jobhub.notify.webhook.WebhookFixtures.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TestWebhookReceiver.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook API: registration and its checks (400 naming the field, the egress guard), secrets shown once,
 * rotation, the ping, the delivery log's parameters, and isolation between users.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class WebhookResourceTest extends WithWebhookReceiver {

    @Test
    void anEndpointIsCreatedWithItsSecretShownOnceThenReadUpdatedAndDeleted() {
        String alice = someUser("alice");
        JsonPath created = register(alice, receiver.url("/a"), "[\"completed\",\"failed\"]",
                ",\"jobTypes\":[\"sleep\"],\"description\":\"billing\",\"rateLimit\":5");
        String id = created.getString("id");
        assertThat(created.getString("secret")).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(created.getList("eventTypes")).containsExactly("completed", "failed");
        assertThat(created.getBoolean("active")).isTrue();

        as(alice).get("/api/webhooks/" + id).then().statusCode(200)
                .body("secret", nullValue())
                .body("url", equalTo(receiver.url("/a")))
                .body("jobTypes", equalTo(List.of("sleep")))
                .body("description", equalTo("billing"))
                .body("rateLimit", equalTo(5));
        as(alice).get("/api/webhooks").then().statusCode(200).body("id", equalTo(List.of(id)))
                .body("[0].secret", nullValue());

        as(alice).contentType("application/json")
                .body("{\"url\":\"" + receiver.url("/b") + "\",\"eventTypes\":[\"all\"],\"active\":false}")
                .put("/api/webhooks/" + id).then().statusCode(200)
                .body("url", equalTo(receiver.url("/b")))
                .body("eventTypes", equalTo(List.of("progress", "completed", "failed", "cancelled")))
                .body("jobTypes", nullValue())
                .body("active", equalTo(false));

        as(alice).delete("/api/webhooks/" + id).then().statusCode(204);
        as(alice).get("/api/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void badInputIsA400ProblemNamingTheField() {
        String bob = someUser("bob");
        String url = receiver.url("/b");
        Map<String, String> bodies = Map.ofEntries(
                Map.entry("{\"eventTypes\":[\"all\"]}", "url"),
                Map.entry("{\"url\":\"not a url\",\"eventTypes\":[\"all\"]}", "url"),
                Map.entry("{\"url\":\"ftp://example.com/x\",\"eventTypes\":[\"all\"]}", "url"),
                Map.entry("{\"url\":\"http://user:pw@example.com/x\",\"eventTypes\":[\"all\"]}", "url"),
                Map.entry("{\"url\":\"http://example.com/" + "x".repeat(2100) + "\",\"eventTypes\":[\"all\"]}", "url"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"queued\"]}", "eventTypes"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[]}", "eventTypes"),
                Map.entry("{\"url\":\"" + url + "\"}", "eventTypes"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"all\"],\"jobTypes\":[]}", "jobTypes"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"all\"],\"description\":\"" + "d".repeat(501)
                        + "\"}", "description"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"all\"],\"rateLimit\":0}", "rateLimit"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"all\"],\"rateLimit\":\"5\"}", "rateLimit"));
        bodies.forEach((body, field) -> as(bob).contentType("application/json").body(body).post("/api/webhooks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field)));
        as(bob).get("/api/webhooks").then().body("size()", equalTo(0));
    }

    @Test
    void theEgressGuardRefusesMetadataPrivateAndThePlatformsOwnEndpoints() {
        String carol = someUser("carol");
        URI database = URI.create(SharedInfra.get().jdbcUrl().substring("jdbc:".length()));
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook",
                "https://192.168.1.20/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook",
                "http://127.0.0.1:" + database.getPort() + "/hook", "http://no-such-host.invalid/hook")) {
            io.restassured.response.Response answer = as(carol).contentType("application/json")
                    .body("{\"url\":\"" + url + "\",\"eventTypes\":[\"all\"]}").post("/api/webhooks");
            assertThat(answer.statusCode()).as(url).isEqualTo(400);
            assertThat(answer.contentType()).as(url).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getList("errors.field")).as(url).containsExactly("url");
        }
        String id = register(carol, receiver.url("/ok")).getString("id");
        as(carol).contentType("application/json")
                .body("{\"url\":\"http://169.254.169.254/\",\"eventTypes\":[\"all\"]}")
                .put("/api/webhooks/" + id).then().statusCode(400).body("errors.field", hasItem("url"));
    }

    @Test
    void aTestSendsASignedPingAndReturnsWhatTheReceiverAnswered() {
        String dave = someUser("dave");
        JsonPath created = register(dave, receiver.url("/ping"));
        receiver.answer(new Answer(503, Map.of(), "busy, try later", Duration.ZERO, 0, false));

        as(dave).post("/api/webhooks/" + created.getString("id") + "/test").then().statusCode(200)
                .body("eventType", equalTo("ping"))
                .body("status", equalTo("failed"))
                .body("attemptLog[0].statusCode", equalTo(503))
                .body("attemptLog[0].responseExcerpt", equalTo("busy, try later"));
        as(dave).post("/api/webhooks/" + created.getString("id") + "/test").then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("attemptLog[0].statusCode", equalTo(200));

        assertThat(receiver.received()).hasSize(2);
        assertSignedBy(receiver.received().get(1), created.getString("secret"));
        assertThat(receiver.received().get(1).body()).contains("\"eventType\":\"ping\"");
        // a ping says nothing about the endpoint's health
        as(dave).get("/api/webhooks/" + created.getString("id")).then().body("failingSince", nullValue())
                .body("active", equalTo(true));
    }

    @Test
    void theDefaultSecretIsMadeOnceAndRotatesWithGrace() {
        String erin = someUser("erin");
        String first = as(erin).get("/api/webhooks/default-secret").then().statusCode(200).extract().jsonPath()
                .getString("secret");
        assertThat(first).startsWith("whsec_");
        as(erin).get("/api/webhooks/default-secret").then().body("secret", equalTo(first))
                .body("previousSecretValidUntil", nullValue());
        as(erin).post("/api/webhooks/default-secret/rotate").then().statusCode(200)
                .body("secret", org.hamcrest.Matchers.not(equalTo(first)))
                .body("previousSecretValidUntil", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theDeliveryLogAndRecoveryCheckTheirParameters() {
        String frank = someUser("frank");
        String id = register(frank, receiver.url("/log")).getString("id");
        as(frank).get("/api/webhooks/" + id + "/deliveries?status=lost").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        as(frank).get("/api/webhooks/" + id + "/deliveries?limit=0").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        as(frank).contentType("application/json").body("{\"since\":\"yesterday\"}")
                .post("/api/webhooks/" + id + "/recover").then().statusCode(400)
                .body("errors.field", hasItem("since"));
        as(frank).contentType("application/json").body("{}").post("/api/webhooks/" + id + "/recover").then()
                .statusCode(400).body("errors.field", hasItem("since"));
        as(frank).contentType("application/json").body("{\"since\":\"2020-01-01T00:00:00Z\"}")
                .post("/api/webhooks/" + id + "/recover").then().statusCode(202).body("recovered", equalTo(0));
    }

    @Test
    void anotherUsersEndpointIsA404OnEveryRouteAndStaysUntouched() {
        String owner = someUser("owner");
        JsonPath created = register(owner, receiver.url("/mine"));
        String id = created.getString("id");
        as(owner).post("/api/webhooks/" + id + "/test").then().statusCode(200);
        String deliveryId = as(owner).get("/api/webhooks/" + id + "/deliveries").then().extract().jsonPath()
                .getString("data[0].id");

        String mallory = TestTokens.user(someUser("mallory"));
        String body = "{\"url\":\"" + receiver.url("/stolen") + "\",\"eventTypes\":[\"all\"]}";
        String base = "/api/webhooks/" + id;
        for (String[] call : List.of(new String[] {"GET", base}, new String[] {"PUT", base},
                new String[] {"DELETE", base}, new String[] {"POST", base + "/rotate-secret"},
                new String[] {"POST", base + "/test"}, new String[] {"GET", base + "/deliveries"},
                new String[] {"GET", base + "/deliveries/" + deliveryId},
                new String[] {"POST", base + "/deliveries/" + deliveryId + "/redeliver"},
                new String[] {"POST", base + "/recover"})) {
            String answer = given().auth().oauth2(mallory).contentType("application/json")
                    .body(call[1].endsWith("recover") ? "{\"since\":\"2020-01-01T00:00:00Z\"}" : body)
                    .request(call[0], call[1]).then().statusCode(404).contentType("application/problem+json")
                    .extract().asString();
            assertThat(answer).as(call[0] + " " + call[1]).doesNotContain(receiver.url("/mine"));
        }
        as(owner).get(base).then().statusCode(200).body("url", equalTo(receiver.url("/mine")));
        assertThat(receiver.received()).hasSize(1);
        given().auth().oauth2(mallory).get("/api/webhooks").then().body("size()", equalTo(0));
        // an admin may look at it
        given().auth().oauth2(TestTokens.admin(someUser("root"))).get(base).then().statusCode(200)
                .body("secret", nullValue()).body("userId", containsString("owner"));
    }
}
