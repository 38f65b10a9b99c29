package dev.jobhub.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.stack.infra.MailCatcher;
import dev.jobhub.stack.infra.Mailbox.Mail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the demo finds, waits for and shows the email of a notification. */
class DemoClientTest {

    private static final String NOTIFICATION = "5a1f0c2e-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    @Test
    void theEmailOfANotificationIsTheOneThatLinksToItAmongEarlierDemosMails() {
        Mail earlier = mail("Job sleep completed", "Open: http://localhost:8080/notifications/an-earlier-one", null);
        Mail wanted = mail("Job sleep completed", text(NOTIFICATION), null);
        Mail htmlOnly = mail("Job sleep completed", null,
                "<a href=\"http://localhost:8080/notifications/" + NOTIFICATION + "\">Open</a>");

        assertThat(DemoClient.emailOf(List.of(earlier, wanted), NOTIFICATION)).contains(wanted);
        assertThat(DemoClient.emailOf(List.of(earlier, htmlOnly), NOTIFICATION)).contains(htmlOnly);
        assertThat(DemoClient.emailOf(List.of(earlier), NOTIFICATION)).isEmpty();
        assertThat(DemoClient.emailOf(List.of(), NOTIFICATION)).isEmpty();
    }

    @Test
    void theFirstLinesOfATextAreItsFirstLinesWithWords() {
        assertThat(DemoClient.firstLines(text(NOTIFICATION), 4)).containsExactly(
                "Job sleep completed",
                "The job finished successfully.",
                "2 Dec 2026, 11:09 UTC · job_completed",
                "Open: http://localhost:8080/notifications/" + NOTIFICATION);
        assertThat(DemoClient.firstLines("one\r\n\r\n  two  \n", 4)).containsExactly("one", "two");
        assertThat(DemoClient.firstLines(null, 4)).isEmpty();
    }

    @Test
    void theWaitingLineSaysForWhomHowLongAndWhatIsThereAlready() {
        assertThat(DemoClient.waitingLine("demo@example.com", 3, 1))
                .isEqualTo("  waiting for the email to demo@example.com … 3 s (1 mail in that mailbox, none of this "
                        + "job yet)");
        assertThat(DemoClient.waitingLine("demo@example.com", 0, 0)).contains("0 mails");
    }

    @Test
    void waitsWithProgressUntilTheMailArrives() throws IOException {
        // GreenMail's API: the address is unknown for a second, then has an older mail, from 3.5 s this
        // notification's too; a non-terminal shows progress every other second, at 0 s and at 2 s
        long began = System.nanoTime();
        HttpServer greenMail = greenMail(() -> {
            long millis = (System.nanoTime() - began) / 1_000_000;
            return millis < 1000 ? null
                    : millis < 3500 ? answer(text("an-earlier-one"))
                    : answer(text("an-earlier-one"), text(NOTIFICATION));
        });
        MailCatcher mailbox = new MailCatcher(home, home.resolve("greenmail.jar"), 2525,
                greenMail.getAddress().getPort());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (DemoClient client = new DemoClient("http://127.0.0.1:1", "http://127.0.0.1:1", "token")) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Optional<Mail> mail = client.awaitEmail(mailbox, "demo@example.com", NOTIFICATION, Duration.ofSeconds(20));

            assertThat(mail).isPresent();
            assertThat(mail.get().text()).contains("/notifications/" + NOTIFICATION);
            assertThat(mail.get().to()).isEqualTo("demo@example.com");
        } finally {
            System.setOut(out);
            greenMail.stop(0);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("waiting for the email to demo@example.com … 0 s (0 mails in that mailbox")
                .contains("(1 mail in that mailbox, none of this job yet)");
    }

    @Test
    void givesUpEmptyAfterTheTimeout() throws IOException {
        HttpServer greenMail = greenMail(() -> answer(text("an-earlier-one")));
        MailCatcher mailbox = new MailCatcher(home, home.resolve("greenmail.jar"), 2525,
                greenMail.getAddress().getPort());
        PrintStream out = System.out;
        try (DemoClient client = new DemoClient("http://127.0.0.1:1", "http://127.0.0.1:1", "token")) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            assertThat(client.awaitEmail(mailbox, "demo@example.com", NOTIFICATION, Duration.ofMillis(600)))
                    .isEmpty();
        } finally {
            System.setOut(out);
            greenMail.stop(0);
        }
    }

    /** The notifier's text body, as its template writes it. */
    private static String text(String notificationId) {
        return """
                Job sleep completed

                The job finished successfully.

                2 Dec 2026, 11:09 UTC · job_completed
                Open: http://localhost:8080/notifications/%s

                --
                jobhub · http://localhost:8080
                """.formatted(notificationId);
    }

    private static Mail mail(String subject, String text, String html) {
        return new Mail(subject, "demo@example.com", "jobhub <noreply@jobhub.local>", text, html, null);
    }

    /** GreenMail's list of messages, each a text-only mail to demo@example.com. */
    private static String answer(String... texts) {
        ArrayNode messages = JobJsonCodec.mapper().createArrayNode();
        for (int i = 0; i < texts.length; i++) {
            ObjectNode message = messages.addObject().put("uid", Integer.toString(i + 1))
                    .put("subject", "Job sleep completed");
            message.put("mimeMessage", String.join("\r\n",
                    "Subject: Job sleep completed",
                    "From: jobhub <noreply@jobhub.local>",
                    "To: demo@example.com",
                    "Content-Type: text/plain; charset=utf-8",
                    "Content-Transfer-Encoding: 8bit",
                    "",
                    new String(texts[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        }
        return messages.toString();
    }

    /** Answers GET /api/user/{address}/messages/ with what {@code answers} gives; null: GreenMail's unknown address. */
    private static HttpServer greenMail(Supplier<String> answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/user/", exchange -> {
            String answer = answers.get();
            int status = answer == null ? 400 : 200;
            byte[] body = (answer == null ? "User with login 'demo@example.com' not found" : answer)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        });
        server.start();
        return server;
    }
}
