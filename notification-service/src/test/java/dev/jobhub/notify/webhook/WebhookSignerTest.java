package dev.jobhub.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The signer against the Standard Webhooks specification's own example, so its libraries verify what we send. */
class WebhookSignerTest {

    @Test
    void theSpecificationsExampleSignsAsPublished() {
        // the example of the specification and of the standardwebhooks libraries' tests
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String signature = WebhookSigner.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void severalSecretsMakeSpaceSeparatedSignatures() {
        String first = WebhookSigner.newSecret();
        String second = WebhookSigner.newSecret();
        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        String both = WebhookSigner.signatures(List.of(first, second), "msg_1", 1, "{}");
        assertThat(both.split(" ")).containsExactly(WebhookSigner.sign(first, "msg_1", 1, "{}"),
                WebhookSigner.sign(second, "msg_1", 1, "{}"));
    }
}
