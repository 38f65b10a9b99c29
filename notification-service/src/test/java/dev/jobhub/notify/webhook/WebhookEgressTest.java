package dev.jobhub.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPolicy;
import dev.jobhub.support.egress.PlatformEndpoints;
import dev.jobhub.support.problem.ProblemException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard as webhooks use it, with the default policy (loopback not allowed, as outside the local stack and tests),
 * and a name whose DNS answer is private: every refusal is a 400 naming {@code url}.
 */
class WebhookEgressTest {

    private final WebhookEgress egress = new WebhookEgress(new EgressGuard(
            new EgressPolicy(false, List.of(), List.of("*.denied.example"), new PlatformEndpoints(List.of())),
            name -> switch (name) {
                case "inside.example" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
                case "half.example" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                        InetAddress.getByName("127.0.0.1")};
                default -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
            }));

    @Test
    void loopbackLinkLocalMetadataPrivateDeniedAndHalfPrivateNamesAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://[::1]/x",
                "http://169.254.169.254/", "http://169.254.10.10/", "http://10.0.0.1/", "http://172.16.0.1/",
                "http://inside.example/hook", "http://half.example/hook", "https://a.denied.example/hook")) {
            WebhookUrl parsed = WebhookUrl.parse(url, "url");
            assertThatThrownBy(() -> egress.checkForRegistration(parsed, "url").await().atMost(Duration.ofSeconds(5)))
                    .as(url).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().errors()).singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo("url")));
        }
        assertThat(egress.check(WebhookUrl.parse("https://public.example/hook", "url")).await()
                .atMost(Duration.ofSeconds(5)).address().getHostAddress()).isEqualTo("93.184.216.34");
    }

    @Test
    void onlyHttpAndHttpsWithoutUserInfoAreUrls() {
        for (String url : List.of("ftp://example.com/", "file:///etc/passwd", "gopher://x", "http://u:p@example.com/",
                "http:///nohost", "//example.com/x", "http://example.com:0/", "mailto:a@example.com")) {
            assertThatThrownBy(() -> WebhookUrl.parse(url, "url")).as(url).isInstanceOf(ProblemException.class);
        }
        WebhookUrl url = WebhookUrl.parse("HTTPS://Example.com:8443/a/b?c=d", "url");
        assertThat(url.https()).isTrue();
        assertThat(url.port()).isEqualTo(8443);
        assertThat(url.requestUri()).isEqualTo("/a/b?c=d");
        assertThat(WebhookUrl.parse("http://[2001:db8::1]/", "url").host()).isEqualTo("2001:db8::1");
    }
}
