package dev.jobhub.support.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookUrlTest {

    @Test
    void anHttpUrlGivesTheHostAndPortTheGuardChecks() {
        assertThat(WebhookUrl.parse("https://hooks.example.com/jobs?k=1"))
                .isEqualTo(new WebhookUrl("https://hooks.example.com/jobs?k=1", "hooks.example.com", 443));
        assertThat(WebhookUrl.parse("HTTP://hooks.example.com").port()).isEqualTo(80);
        assertThat(WebhookUrl.parse("http://hooks.example.com:8081/x").port()).isEqualTo(8081);
        assertThat(WebhookUrl.parse("http://[2001:db8::1]:8080/").host()).isEqualTo("2001:db8::1");
    }

    @Test
    void whatIsNotAnAbsoluteHttpUrlWithAPlainHostIsRefusedWithAReason() {
        String[][] refused = {
            {"", "absolute http or https"},
            {"hooks.example.com/jobs", "absolute http or https"},
            {"/jobs", "absolute http or https"},
            {"ftp://hooks.example.com/", "absolute http or https"},
            {"javascript:alert(1)", "absolute http or https"},
            {"http:hooks.example.com", "must name a host"},
            {"http:///jobs", "must name a host"},
            {"http://user:secret@hooks.example.com/", "user name or password"},
            {"http://hooks.example.com/#frag", "fragment"},
            {"http://hooks example.com/", "not a valid URL"},
            {"http://127.1/", "host"},
            {"http://0177.0.0.1/", "host"},
            {"http://hooks.example.com:0/", "port"},
            {"https://hooks.example.com/" + "a".repeat(WebhookUrl.MAX_LENGTH), "at most 2048"},
        };
        for (String[] url : refused) {
            assertThatThrownBy(() -> WebhookUrl.parse(url[0])).as(url[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(url[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        }
    }
}
