package dev.jobhub.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The email bodies as readers get them: escaped HTML, links that stay in the app, digests that count right. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class EmailTemplatesTest {

    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07Z");

    @Inject
    EmailTemplates templates;

    @Test
    void aNotificationBecomesItsTitleAsSubjectAndBothBodies() {
        RenderedEmail email = templates.notification(new NotificationEmail("job.completed", "Job sleep completed",
                "all 5 steps done", CREATED, JsonNodeFactory.instance.objectNode().put("attempt", 1), "/jobs/42"));

        assertThat(email.subject()).isEqualTo("Job sleep completed");
        assertThat(email.text()).contains("Job sleep completed", "all 5 steps done", "2026-03-04 05:06 UTC",
                "job.completed", "Open: http://localhost:8080/jobs/42");
        assertThat(email.html()).contains("<h1", "Job sleep completed", "all 5 steps done",
                "href=\"http://localhost:8080/jobs/42\"");
    }

    @Test
    void markupInANotificationIsEscapedInTheHtmlBody() {
        RenderedEmail email = templates.notification(new NotificationEmail("job.failed",
                "<script>alert('t')</script> failed", "a <b>bold</b> & \"quoted\" error", CREATED, null, null));

        assertThat(email.html()).doesNotContain("<script>", "<b>bold</b>")
                .contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; failed")
                .contains("a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; error");
        // a subject and a text body are not HTML: they keep the characters
        assertThat(email.subject()).isEqualTo("<script>alert('t')</script> failed");
        assertThat(email.text()).contains("a <b>bold</b> & \"quoted\" error");
    }

    @Test
    void linksStayInsideTheApp() {
        assertThat(linkOf("/documents/7")).isEqualTo("http://localhost:8080/documents/7");
        assertThat(linkOf("http://localhost:8080/jobs/1")).isEqualTo("http://localhost:8080/jobs/1");
        assertThat(linkOf(null)).isEqualTo("http://localhost:8080/");
        assertThat(linkOf("javascript:alert(1)")).isEqualTo("http://localhost:8080/");
        assertThat(linkOf("https://evil.example/phish")).isEqualTo("http://localhost:8080/");
        assertThat(linkOf("//evil.example/phish")).isEqualTo("http://localhost:8080/");
        assertThat(linkOf("http://localhost:8080.evil.example/")).isEqualTo("http://localhost:8080/");
    }

    @Test
    void aLineBreakInATitleDoesNotReachTheSubjectHeader() {
        RenderedEmail email = templates.notification(new NotificationEmail("job.failed",
                "Job failed\r\nBcc: someone@example.com", null, CREATED, null, null));

        assertThat(email.subject()).isEqualTo("Job failed Bcc: someone@example.com");
    }

    @Test
    void aDigestCountsItsItemsAndListsEachInBothBodies() {
        RenderedEmail digest = templates.digest(new DigestEmail("daily digest", List.of(
                new NotificationEmail("job.completed", "Job sleep completed", null, CREATED, null, "/jobs/1"),
                new NotificationEmail("job.failed", "Job <sleep> failed", "boom", CREATED, null, "/jobs/2"),
                new NotificationEmail("document_processed", "Document processed: a.pdf", "12 chunks", CREATED, null,
                        "/documents/3"))));

        assertThat(digest.subject()).isEqualTo("3 notifications (daily digest)");
        assertThat(digest.text()).contains("3 notifications (daily digest)", "Job sleep completed",
                "Job <sleep> failed", "boom", "Document processed: a.pdf", "http://localhost:8080/jobs/1",
                "http://localhost:8080/jobs/2", "http://localhost:8080/documents/3");
        assertThat(digest.html()).contains("Job &lt;sleep&gt; failed", "href=\"http://localhost:8080/documents/3\"");
        assertThat(digest.html().split("<li ", -1)).hasSize(4);

        assertThat(templates.digest(new DigestEmail("weekly digest", List.of(
                new NotificationEmail("job.completed", "Only one", null, CREATED, null, null)))).subject())
                .isEqualTo("1 notification (weekly digest)");
    }

    @Test
    void aLongDigestListsTheFirstItemsAndSaysHowManyMoreTheCenterHolds() {
        List<NotificationEmail> items = IntStream.rangeClosed(1, 53)
                .mapToObj(i -> new NotificationEmail("job.completed", "Job number " + i, null, CREATED, null, null))
                .toList();

        RenderedEmail digest = templates.digest(new DigestEmail("daily digest", items));

        assertThat(digest.subject()).isEqualTo("53 notifications (daily digest)");
        assertThat(digest.html().split("<li ", -1)).hasSize(51);
        assertThat(digest.text()).contains("Job number 50", "and 3 more: http://localhost:8080/notifications")
                .doesNotContain("Job number 51");
        assertThat(digest.html()).contains("and 3 more", "href=\"http://localhost:8080/notifications\"");
    }

    private String linkOf(String link) {
        return templates.link(link);
    }
}
