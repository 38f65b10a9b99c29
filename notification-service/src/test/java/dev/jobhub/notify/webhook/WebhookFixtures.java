package dev.jobhub.notify.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.testing.TestTokens;
import dev.jobhub.testing.TestWebhookReceiver.Received;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the webhook tests share: calls as a user, an endpoint registered through the API, and a signature check
 * written from the Standard Webhooks specification, independently of the production signer.
 */
final class WebhookFixtures {

    private WebhookFixtures() {
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.user(user));
    }

    /** Registers an endpoint. @return the answer (id, secret, …) */
    static JsonPath register(String user, String url, String eventTypes, String more) {
        return as(user).contentType("application/json")
                .body("{\"url\":\"" + url + "\",\"eventTypes\":" + eventTypes + more + "}")
                .post("/api/webhooks").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath register(String user, String url) {
        return register(user, url, "[\"all\"]", "");
    }

    /** The signatures of {@code webhook-signature} that verify under {@code secret}: HMAC-SHA256 of id.timestamp.body. */
    static List<String> verifiedBy(Received request, String secret) {
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(
                    StandardCharsets.UTF_8)));
            return Arrays.stream(request.header("webhook-signature").split(" ")).filter(expected::equals).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertSignedBy(Received request, String secret) {
        assertThat(verifiedBy(request, secret)).as("a signature by the secret in %s", request.header(
                "webhook-signature")).hasSize(1);
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(60);
    }
}
