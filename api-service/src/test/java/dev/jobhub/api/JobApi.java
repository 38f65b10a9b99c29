package dev.jobhub.api;

import static io.restassured.RestAssured.given;

import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** The REST calls the api-service tests make, as a client would make them. */
public final class JobApi {

    private JobApi() {
    }

    public static String sleepJob(int steps, long stepMillis) {
        return "{\"type\":\"sleep\",\"payload\":{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}}";
    }

    public static ValidatableResponse submit(String user, String body) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .when().post("/api/jobs").then();
    }

    /** Submits a sleep job as {@code user} and returns its id. */
    public static UUID submitSleep(String user) {
        String id = submit(user, sleepJob(2, 10)).statusCode(202).extract().path("jobId");
        return UUID.fromString(id);
    }

    public static ValidatableResponse get(String token, UUID jobId) {
        return given().auth().oauth2(token).when().get("/api/jobs/" + jobId).then();
    }
}
