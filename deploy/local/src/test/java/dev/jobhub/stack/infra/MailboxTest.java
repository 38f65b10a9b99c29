package dev.jobhub.stack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.stack.infra.Mailbox.Mail;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GreenMail's answer to GET /api/user/{address}/messages/ turned into what {@code stack mails} prints. */
class MailboxTest {

    /** As GreenMail 2.1.13 standalone answered for a text+html mail and a text-only mail (7bit, from Python). */
    private static final String GREENMAIL_ANSWER = """
            [{"uid":"1","Message-ID":"<abc@jobhub>","subject":"Hello <b>",
              "contentType":"multipart/alternative;\\r\\n boundary=\\"===============5319425143566759456==\\"",
              "mimeMessage":"Return-Path: <noreply@jobhub.local>\\r\\nReceived: from 127.0.0.1 (HELO [127.0.0.1]); Wed Dec 02 11:09:22 UTC 2026\\r\\nSubject: Hello <b>\\r\\nFrom: jobhub <noreply@jobhub.local>\\r\\nTo: alice@example.com\\r\\nMessage-ID: <abc@jobhub>\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/alternative;\\r\\n boundary=\\"===============5319425143566759456==\\"\\r\\n\\r\\n--===============5319425143566759456==\\r\\nContent-Type: text/plain; charset=\\"utf-8\\"\\r\\nContent-Transfer-Encoding: 7bit\\r\\n\\r\\nplain text body\\r\\n\\r\\n--===============5319425143566759456==\\r\\nContent-Type: text/html; charset=\\"utf-8\\"\\r\\nContent-Transfer-Encoding: 7bit\\r\\nMIME-Version: 1.0\\r\\n\\r\\n<p>html body</p>\\r\\n\\r\\n--===============5319425143566759456==--"},
             {"uid":"2","Message-ID":null,"subject":"only text","contentType":"text/plain; charset=\\"utf-8\\"",
              "mimeMessage":"Return-Path: <x@y>\\r\\nReceived: from 127.0.0.1 (HELO [127.0.0.1]); Wed Dec 02 11:09:23 UTC 2026\\r\\nSubject: only text\\r\\nFrom: x@y\\r\\nTo: alice@example.com\\r\\nContent-Type: text/plain; charset=\\"utf-8\\"\\r\\nContent-Transfer-Encoding: 7bit\\r\\nMIME-Version: 1.0\\r\\n\\r\\njust text"}]
            """;

    @Test
    void readsSubjectAddressesBodiesAndTheTimeOfReceipt() {
        List<Mail> mails = Mailbox.parse(GREENMAIL_ANSWER);

        assertThat(mails).hasSize(2);
        Mail first = mails.get(0);
        assertThat(first.subject()).isEqualTo("Hello <b>");
        assertThat(first.to()).isEqualTo("alice@example.com");
        assertThat(first.from()).isEqualTo("jobhub <noreply@jobhub.local>");
        assertThat(first.text().strip()).isEqualTo("plain text body");
        assertThat(first.html().strip()).isEqualTo("<p>html body</p>");
        assertThat(first.receivedAt()).isEqualTo("2026-12-02T11:09:22Z");

        Mail second = mails.get(1);
        assertThat(second.text()).isEqualTo("just text");
        assertThat(second.html()).isNull();
        assertThat(second.receivedAt()).isEqualTo("2026-12-02T11:09:23Z");
    }

    @Test
    void decodesQuotedPrintableAndBase64PartsAndEncodedHeaders() {
        String raw = String.join("\r\n",
                "Received: from 127.0.0.1 (HELO localhost); Thu Jan 08 09:10:11 UTC 2026",
                "Received: from elsewhere; Thu Jan 08 09:00:00 UTC 2026",
                "From: =?UTF-8?Q?jobhub_=E2=9C=93?= <noreply@jobhub.local>",
                "To: bob@example.com",
                "Subject: =?UTF-8?Q?Job_sleep_completed_=E2=9C=93?=",
                "Content-Type: multipart/mixed; boundary=outer",
                "",
                "--outer",
                "Content-Type: multipart/alternative;",
                "\tboundary=\"=--vertx_mail_1_2_3\"",
                "",
                "--=--vertx_mail_1_2_3",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "caf=C3=A9 au lait, a line that is long enough to be broken by a soft line=",
                " break",
                "--=--vertx_mail_1_2_3",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                "PHA+Y2Fmw6k8L3A+",
                "--=--vertx_mail_1_2_3--",
                "--outer--",
                "");
        String answer = "[{\"uid\":\"1\",\"subject\":null,\"mimeMessage\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(raw) + "}]";

        Mail mail = Mailbox.parse(answer).get(0);

        assertThat(mail.subject()).isEqualTo("Job sleep completed ✓");
        assertThat(mail.from()).isEqualTo("jobhub ✓ <noreply@jobhub.local>");
        assertThat(mail.text()).isEqualTo("café au lait, a line that is long enough to be broken by a soft line break");
        assertThat(mail.html()).isEqualTo("<p>café</p>");
        assertThat(mail.receivedAt()).as("the topmost Received header").isEqualTo("2026-01-08T09:10:11Z");
    }

    @Test
    void an8bitPartIsDecodedWithItsCharset() {
        // GreenMail hands out the bytes of an 8bit part as ISO-8859-1 characters: "café" in UTF-8 reads "cafÃ©"
        String raw = String.join("\r\n",
                "To: carol@example.com",
                "Content-Type: text/html; charset=\"utf-8\"",
                "Content-Transfer-Encoding: 8bit",
                "",
                "<p>caf\u00c3\u00a9 &amp; <b>cr\u00c3\u00a8me</b></p>");
        String answer = "[{\"uid\":\"1\",\"subject\":\"s\",\"mimeMessage\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(raw) + "}]";

        assertThat(Mailbox.parse(answer).get(0).html()).isEqualTo("<p>café &amp; <b>crème</b></p>");
    }

    @Test
    void anEmptyMailboxIsAnEmptyArray() {
        assertThat(Mailbox.parse("[]")).isEmpty();
        assertThat(Mailbox.toJson(List.of()).strip()).isEqualTo("[ ]");
    }

    @Test
    void printsTheFieldsStackMailsPromises() {
        String json = Mailbox.toJson(Mailbox.parse(GREENMAIL_ANSWER));

        assertThat(json).contains("\"subject\"", "\"to\"", "\"from\"", "\"text\"", "\"html\"", "\"receivedAt\"");
    }
}
