package dev.jobhub.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a user of the platform does over HTTP, against the running services. */
final class PlatformClient {

    private final RunningPlatform platform;
    private final String token;

    PlatformClient(RunningPlatform platform, String token) {
        this.platform = platform;
        this.token = token;
    }

    static String sleepJob(int steps, long stepMillis, Integer failAtStep) {
        return "{\"type\":\"sleep\",\"payload\":{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis
                + (failAtStep == null ? "" : ",\"failAtStep\":" + failAtStep) + "}}";
    }

    ValidatableResponse submit(String body) {
        return given().baseUri(platform.apiUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/jobs").then();
    }

    UUID submitSleep(int steps, long stepMillis, Integer failAtStep) {
        String id = submit(sleepJob(steps, stepMillis, failAtStep)).statusCode(202).extract().path("jobId");
        return UUID.fromString(id);
    }

    ValidatableResponse job(UUID jobId) {
        return given().baseUri(platform.apiUrl()).auth().oauth2(token).when().get("/api/jobs/" + jobId).then();
    }

    ValidatableResponse cancel(UUID jobId) {
        return given().baseUri(platform.apiUrl()).auth().oauth2(token).when().delete("/api/jobs/" + jobId).then();
    }

    /** A JSON request to api-service; {@code body} may be null. */
    ValidatableResponse api(String method, String path, String body) {
        var request = given().baseUri(platform.apiUrl()).auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().request(method, path).then();
    }

    String state(UUID jobId) {
        return job(jobId).statusCode(200).extract().path("state");
    }

    /** The caller's in-app notifications about one job. */
    List<Map<String, Object>> notificationsOf(UUID jobId) {
        JsonPath page = given().baseUri(platform.notifierUrl()).auth().oauth2(token).queryParam("limit", 100)
                .when().get("/api/notifications").then().statusCode(200).extract().jsonPath();
        return page.<Map<String, Object>>getList("data").stream()
                .filter(notification -> jobId.toString().equals(notification.get("jobId")))
                .toList();
    }
}
