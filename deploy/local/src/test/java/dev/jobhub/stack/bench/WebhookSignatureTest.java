package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // the Standard Webhooks specification's example
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsExample() {
        assertThat(WebhookSignature.of(SECRET).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void verifiesTheExampleAloneOrBesideARotatedOutSignature() {
        WebhookSignature signature = WebhookSignature.of(SECRET);

        assertThat(signature.verifies(ID, TIMESTAMP, BODY, SIGNATURE)).isTrue();
        assertThat(signature.verifies(ID, TIMESTAMP, BODY, "v1,AAAA " + SIGNATURE)).isTrue();
    }

    @Test
    void refusesAnyChangeToTheSignedParts() {
        WebhookSignature signature = WebhookSignature.of(SECRET);

        assertThat(signature.verifies(ID, "1614265331", BODY, SIGNATURE)).isFalse();
        assertThat(signature.verifies("msg_other", TIMESTAMP, BODY, SIGNATURE)).isFalse();
        assertThat(signature.verifies(ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE)).isFalse();
        assertThat(signature.verifies(ID, TIMESTAMP, BODY, SIGNATURE.replace("v1,", "v2,"))).isFalse();
        assertThat(signature.verifies(ID, TIMESTAMP, BODY, null)).isFalse();
        assertThat(WebhookSignature.of("whsec_" + "AAAAAAAAAAAAAAAAAAAAAAAA").verifies(ID, TIMESTAMP, BODY,
                SIGNATURE)).isFalse();
    }

    @Test
    void aSecretNeedsItsPrefix() {
        assertThatThrownBy(() -> WebhookSignature.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
