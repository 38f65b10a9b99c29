package dev.jobhub.testing;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jobhub.stack.infra.Ports;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One real SMTP server (GreenMail, in this JVM) for the whole test JVM, started on a free port on first use and
 * stopped when the JVM exits: GreenMail's threads are not daemons and would keep the JVM alive. The port stays the
 * same across {@link #stop()} and {@link #start()}, since the application under test read it once at boot.
 *
 * <p>It takes mail for any address, except that a recipient whose local part starts with {@value #REFUSED_PREFIX}
 * (e.g. {@code refused-1@example.com}) is refused with {@code 550}, a permanent failure, as a real server refuses a
 * mailbox that does not exist.
 */
public final class TestSmtp {

    /** Recipients whose local part starts with this are refused with a 550 reply. */
    public static final String REFUSED_PREFIX = "refused";

    /** A received mail as a reader sees it: the bodies of a multipart/alternative are split into text and html. */
    public record ReceivedMail(String subject, String from, List<String> to, String text, String html,
            List<String> messageIds) {

        /** The one Message-ID header, or null if there is none; fails if the mail carries several. */
        public String messageId() {
            if (messageIds.size() > 1) {
                throw new IllegalStateException("several Message-ID headers: " + messageIds);
            }
            return messageIds.isEmpty() ? null : messageIds.get(0);
        }
    }

    private static TestSmtp instance;

    private final int port;
    private GreenMail server;

    private TestSmtp(int port) {
        this.port = port;
    }

    public static synchronized TestSmtp get() {
        if (instance == null) {
            TestSmtp smtp = new TestSmtp(Ports.freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop, "test-smtp-shutdown"));
            smtp.start();
            System.out.printf("test infra: SMTP (GreenMail) on %d%n", smtp.port);
            instance = smtp;
        }
        return instance;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port; mails received before a {@link #stop()} are gone. */
    public synchronized void start() {
        if (server != null && server.isRunning()) {
            return;
        }
        ServerSetup setup = new ServerSetup(port, host(), ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(10_000);
        server = new RefusingGreenMail(setup);
        server.start();
    }

    /** Stops the server: connections are refused until {@link #start()}, as during an SMTP outage. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** Deletes every mail received so far. */
    public synchronized void purge() {
        try {
            server.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot purge the test SMTP server's mailboxes", e);
        }
    }

    /** The mails that list this address among their recipients, oldest first. */
    public synchronized List<ReceivedMail> receivedBy(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        List<ReceivedMail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            ReceivedMail mail = read(message);
            if (mail.to().stream().anyMatch(to -> to.toLowerCase(Locale.ROOT).equals(wanted))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** How many mails have arrived in all, for every recipient. */
    public synchronized int receivedCount() {
        return server.getReceivedMessages().length;
    }

    private static ReceivedMail read(MimeMessage message) {
        try {
            String[] ids = message.getHeader("Message-ID");
            Bodies bodies = new Bodies();
            bodies.collect(message);
            return new ReceivedMail(message.getSubject(), addresses(message.getFrom()).stream().findFirst().orElse(null),
                    recipients(message), bodies.text, bodies.html,
                    ids == null ? List.of() : List.of(ids));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of()
                : Arrays.stream(addresses).map(address -> address instanceof InternetAddress a
                        ? a.getAddress()
                        : address.toString()).toList();
    }

    /** The To and Cc addresses, parsed leniently: a test may send to an address a strict parser refuses. */
    private static List<String> recipients(MimeMessage message) throws MessagingException {
        List<String> recipients = new ArrayList<>();
        for (String header : List.of("To", "Cc")) {
            String value = message.getHeader(header, ",");
            if (value != null) {
                try {
                    recipients.addAll(addresses(InternetAddress.parseHeader(value, false)));
                } catch (AddressException e) {
                    recipients.add(value.strip());
                }
            }
        }
        return recipients;
    }

    /** GreenMail whose SMTP refuses the {@link #REFUSED_PREFIX} recipients. */
    private static final class RefusingGreenMail extends GreenMail {

        RefusingGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers ignored) {
            managers = new RefusingManagers();
            return super.createServices(config, managers);
        }
    }

    private static final class RefusingManagers extends Managers {

        private final SmtpManager smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
            @Override
            public String checkRecipient(SmtpState state, MailAddress recipient) {
                return recipient.getUser().toLowerCase(Locale.ROOT).startsWith(REFUSED_PREFIX)
                        ? "550 5.1.1 <" + recipient.getEmail() + ">: mailbox unavailable"
                        : null;
            }
        };

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    /** The first text/plain and text/html parts, wherever they sit in the MIME tree. */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            }
        }
    }
}
