package dev.jobhub.api.http;

import static dev.jobhub.api.JobApi.sleepJob;
import static dev.jobhub.api.JobApi.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every route wants a valid token; bad input is a 4xx with a problem+json body, never a 500. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SecurityAndValidationTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void withoutATokenEveryRouteAnswers401() {
        given().contentType(ContentType.JSON).body(sleepJob(1, 1)).when().post("/api/jobs").then()
                .statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        given().when().get("/api/jobs").then().statusCode(401).contentType(PROBLEM);
        given().when().get("/api/jobs/" + java.util.UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void forgedOrExpiredTokensAreRefused() {
        given().auth().oauth2(TestTokens.forged("alice")).when().get("/api/jobs").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.expired("alice")).when().get("/api/jobs").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/api/jobs").then().statusCode(401);
    }

    @Test
    void healthIsPublicAndCoversTheBackgroundLoops() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job-lifecycle-loop' }.status", equalTo("UP"));
    }

    @Test
    void malformedJsonIs400() {
        invalid(submit("alice", "{\"type\": \"sleep\", "));
        invalid(submit("alice", "[]"));
    }

    @Test
    void wrongFieldsAreNamed() {
        invalid(submit("alice", "{\"type\":\"mine-bitcoin\",\"payload\":{}}"))
                .body("errors.field", hasItem("type")).body("detail", containsString("mine-bitcoin"));
        invalid(submit("alice", "{\"type\":\"sleep\",\"payload\":{\"steps\":-1,\"stepMillis\":10}}"))
                .body("errors.field", hasItem("payload.steps"));
        invalid(submit("alice", "{\"type\":\"sleep\",\"payload\":{\"steps\":\"many\"}}"))
                .body("errors.field", hasItem("payload"));
        invalid(submit("alice", "{\"type\":\"sleep\"}")).body("errors.field", hasItem("payload"));
        invalid(submit("alice", "{\"type\":\"sleep\",\"priority\":\"urgent\",\"maxAttempts\":0,"
                + "\"payload\":{\"steps\":1,\"stepMillis\":1}}"))
                .body("errors.field", hasItems("priority", "maxAttempts"));
        invalid(submit("alice", "{\"payload\":{\"steps\":1,\"stepMillis\":1}}")).body("errors.field", hasItem("type"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        submit("alice", "{\"type\":\"sleep\",\"future\":true,\"payload\":{\"steps\":1,\"stepMillis\":1,\"extra\":1}}")
                .statusCode(202);
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1,\"pad\":\"" + "x".repeat(1_100_000) + "\"}}";
        submit("alice", big).statusCode(413).contentType(PROBLEM).body("status", equalTo(413));
    }

    @Test
    void badQueryParametersAre400() {
        for (String query : new String[] {"page=0", "limit=1000", "limit=abc", "state=sleeping"}) {
            given().auth().oauth2(TestTokens.user("alice")).when().get("/api/jobs?" + query).then()
                    .statusCode(400).contentType(PROBLEM);
        }
    }

    @Test
    void unknownJobOrMalformedIdIs404() {
        given().auth().oauth2(TestTokens.user("alice")).when().get("/api/jobs/not-a-uuid").then()
                .statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.user("alice")).when().get("/api/jobs/" + java.util.UUID.randomUUID()).then()
                .statusCode(404).contentType(PROBLEM);
    }

    @Test
    void wrongMethodOrMediaTypeIsA4xxProblem() {
        given().auth().oauth2(TestTokens.user("alice")).contentType(ContentType.TEXT).body("hello")
                .when().post("/api/jobs").then().statusCode(415).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.user("alice")).when().put("/api/jobs").then()
                .statusCode(405).contentType(PROBLEM);
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("detail", not(containsString("Exception")));
    }
}
