package dev.jobhub.api.schedule;

import static io.restassured.RestAssured.given;

import dev.jobhub.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** The REST calls of the schedule tests, as a client makes them. */
final class ScheduleApi {

    private ScheduleApi() {
    }

    static String body(String name, String cron, String timezone) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\""
                + (timezone == null ? "" : ",\"timezone\":\"" + timezone + "\"")
                + ",\"jobType\":\"sleep\",\"payload\":{\"steps\":1,\"stepMillis\":1}}";
    }

    static ValidatableResponse create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/schedules").then();
    }

    static UUID createFor(String user, String cron) {
        String id = create(TestTokens.user(user), body("nightly", cron, null)).statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    static ValidatableResponse get(String token, UUID id) {
        return given().auth().oauth2(token).when().get("/api/schedules/" + id).then();
    }

    static ValidatableResponse list(String token) {
        return given().auth().oauth2(token).when().get("/api/schedules").then();
    }

    static ValidatableResponse patch(String token, UUID id, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().patch("/api/schedules/" + id).then();
    }

    static ValidatableResponse delete(String token, UUID id) {
        return given().auth().oauth2(token).when().delete("/api/schedules/" + id).then();
    }
}
