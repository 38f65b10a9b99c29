package dev.jobhub.api.document;

import static io.restassured.RestAssured.given;

import dev.jobhub.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.config.MultiPartConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** The REST calls of the document tests, as a client makes them. */
final class DocumentApi {

    static final String PROBLEM = "application/problem+json";

    private DocumentApi() {
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.user(user))
                .config(RestAssured.config().multiPartConfig(MultiPartConfig.multiPartConfig()
                        .defaultCharset(StandardCharsets.UTF_8)));
    }

    /** Uploads {@code content} as part {@code file} with the other parts as text fields. */
    static ValidatableResponse upload(String user, String fileName, byte[] content, String contentType,
            Map<String, String> fields) {
        RequestSpecification request = as(user).multiPart("file", fileName, content, contentType);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            request = request.multiPart(field.getKey(), field.getValue());
        }
        return request.when().post("/api/documents").then();
    }

    /**
     * A multipart body written out by hand and sent with its Content-Length (the client library streams its own
     * multipart bodies chunked), the file name's bytes as given in UTF-8.
     */
    static ValidatableResponse uploadRaw(String user, String fileName, byte[] content) {
        String boundary = "----jobhub" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return given().auth().oauth2(TestTokens.user(user))
                .contentType("multipart/form-data; boundary=" + boundary).body(body)
                .when().post("/api/documents").then();
    }

    static ValidatableResponse upload(String user, String fileName, String text) {
        return upload(user, fileName, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
    }

    /** Uploads a text document for {@code user}; its id. */
    static UUID uploadText(String user, String fileName, String text) {
        return UUID.fromString(upload(user, fileName, text).statusCode(202).extract().path("documentId"));
    }

    static ValidatableResponse get(String token, UUID id) {
        return given().auth().oauth2(token).when().get("/api/documents/" + id).then();
    }

    static ValidatableResponse status(String token, UUID id) {
        return given().auth().oauth2(token).when().get("/api/documents/" + id + "/status").then();
    }

    static ValidatableResponse list(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/documents" + query).then();
    }

    static ValidatableResponse delete(String token, UUID id) {
        return given().auth().oauth2(token).when().delete("/api/documents/" + id).then();
    }

    static ValidatableResponse search(String user, String body) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).body(body)
                .when().post("/api/documents/search").then();
    }
}
