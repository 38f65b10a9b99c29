package dev.jobhub.api.http;

import static dev.jobhub.api.JobApi.sleepJob;
import static dev.jobhub.api.JobApi.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.jobhub.testing.RawHttp;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void aTokenThatDoesNotIdentifyAUserIsRefusedWith401Everywhere() {
        // the valid ones among them carry the admin group: an admin route refuses them for the token, not the role
        TestTokens.unacceptable("mallory").forEach((what, token) -> {
            refused(what + ": GET /api/queues", given().auth().oauth2(token).when().get("/api/queues"));
            refused(what + ": POST pause", given().auth().oauth2(token).when().post("/api/queues/low/pause"));
            refused(what + ": POST /api/jobs", given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(sleepJob(1, 1)).when().post("/api/jobs"));
        });
        given().auth().oauth2(TestTokens.user("mallory")).when().get("/api/queues").then().statusCode(200);
    }

    private static void refused(String what, Response response) {
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.contentType()).as(what).startsWith(PROBLEM);
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

    @Test
    void aChunkedBodyOverTheLimitIs413AndNothingIsStored() {
        // without a Content-Length the size is only known as the body is read
        String pad = "x".repeat(5 * 1024 * 1024);
        byte[] big = ("{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1},\"singletonKey\":\"chunked-"
                + pad + "\"}").getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(TestTokens.user("chuck")).contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(big)).when().post("/api/jobs").then()
                .statusCode(413).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.user("chuck")).when().get("/api/jobs").then().statusCode(200)
                .body("pagination.total", equalTo(0));
    }

    @Test
    void aNulCharacterAnywhereIs400NamingWhere() {
        String nul = "\\u0000";
        invalid(submit("nina", "{\"type\":\"sleep\",\"singletonKey\":\"a" + nul + "b\","
                + "\"payload\":{\"steps\":1,\"stepMillis\":1}}")).body("errors.field", hasItem("body"));
        invalid(submit("nina", "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1,\"note\":\"" + nul
                + "\"}}")).body("errors.field", hasItem("body"));
        invalid(submit("nina", "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1,\"" + nul
                + "\":1}}")).body("errors.field", hasItem("body"));
        // an escaped backslash before u0000 is text, not NUL
        submit("nina", "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1,\"note\":\"\\\\u0000\"}}")
                .statusCode(202);
        for (String path : new String[] {"/api/jobs?type=%00", "/api/jobs/stats/hourly?type=%00", "/api/jobs?q=a%00"}) {
            invalid(given().auth().oauth2(TestTokens.user("nina")).urlEncodingEnabled(false).when().get(path).then());
        }
        invalid(given().auth().oauth2(TestTokens.user("nina")).urlEncodingEnabled(false).when()
                .post("/api/jobs/failures/%00/retry").then()).body("errors.field", hasItem("path"));
    }

    @Test
    void trailingDataAfterTheDocumentIs400() {
        String job = "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1}}";
        invalid(submit("tara", job + " garbage"));
        invalid(submit("tara", job + job));
        submit("tara", job + " \n").statusCode(202);
    }

    @Test
    void aBodyWithoutAContentTypeIs415() throws IOException {
        // a raw request: HTTP clients tend to add a Content-Type of their own
        byte[] body = "{\"type\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1}}"
                .getBytes(StandardCharsets.UTF_8);
        String answer = RawHttp.exchange(RestAssured.port, "POST /api/jobs HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.user("tara") + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close", body);
        assertThat(answer).startsWith("HTTP/1.1 415").contains(PROBLEM).contains("Content-Type");
    }

    @Test
    void limitsOfTheHttpLayerAreProblemsToo() throws IOException {
        // a Content-Length above the largest upload: refused before the body is sent
        String tooLarge = RawHttp.exchange(RestAssured.port, "POST /api/documents HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.user("tara") + "\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + (21L * 1024 * 1024 + 1),
                "--b\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains(PROBLEM).contains("\"status\":413");
        // a URI of 5,000 characters
        given().auth().oauth2(TestTokens.user("tara")).when().get("/api/jobs/" + "a".repeat(5_000)).then()
                .statusCode(414).contentType(PROBLEM).body("status", equalTo(414));
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedNotConverted() {
        for (String fields : new String[] {
                "\"payload\":{\"steps\":\"3\",\"stepMillis\":1}",
                "\"payload\":{\"steps\":1.5,\"stepMillis\":1}",
                "\"payload\":{\"steps\":1,\"stepMillis\":\"5\"}",
                "\"payload\":{\"steps\":1,\"stepMillis\":1},\"maxAttempts\":\"3\"",
                "\"payload\":{\"steps\":1,\"stepMillis\":1},\"delayMs\":\"10\"",
                "\"payload\":{\"steps\":1,\"stepMillis\":1},\"singletonKey\":123"}) {
            int status = submit("wanda", "{\"type\":\"sleep\"," + fields + "}").extract().statusCode();
            assertThat(status).as(fields).isEqualTo(400);
        }
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("detail", not(containsString("Exception")));
    }
}
