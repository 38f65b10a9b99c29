package dev.jobhub.notify.webhook;

import dev.jobhub.testing.TestWebhookReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** A test class whose every test gets a fresh webhook receiver, closed after it. */
abstract class WithWebhookReceiver {

    static final Duration WITHIN = Duration.ofSeconds(30);

    protected final TestWebhookReceiver receiver = TestWebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }
}
