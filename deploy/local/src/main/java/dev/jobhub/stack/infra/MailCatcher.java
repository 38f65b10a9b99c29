package dev.jobhub.stack.infra;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The local stack's SMTP server: GreenMail standalone (one jar, copied by deploy/local's build to
 * {@code target/greenmail}) as a process of its own. It takes every email the notifier sends, for any address, and
 * keeps it in memory (a restart empties it); its REST API lists what an address received ({@link Mailbox}).
 */
public record MailCatcher(Path home, Path jar, int smtpPort, int apiPort) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Path logFile() {
        return home.resolve("greenmail.log");
    }

    private Path pidFile() {
        return home.resolve("greenmail.pid");
    }

    public String smtpHost() {
        return "127.0.0.1";
    }

    /** Where the mailbox is read: {@code GET <apiUrl>/api/user/<address>/messages/}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public Optional<ProcessHandle> process() {
        return ProcessFiles.livePid(pidFile());
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    /** Starts GreenMail detached from this JVM (it outlives the stack CLI) and returns when both ports answer. */
    public void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("GreenMail standalone not found at " + jar
                    + "; build it with: ./mvnw -pl deploy/local package");
        }
        Ports.requireFree(smtpPort, "SMTP (GreenMail)", "JOBHUB_SMTP_PORT");
        Ports.requireFree(apiPort, "GreenMail API", "JOBHUB_MAIL_API_PORT");
        try {
            Files.createDirectories(home);
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            // the SMTP server is configured by its own hostname and port (greenmail.setup.test.smtp would add a
            // second SMTP server on the test port 3025); both servers listen on loopback only. It keeps every mail
            // in its heap, about 10 KiB each: a benchmark workload with email on holds 20,000 before it purges
            // them, which in 128 MiB left it collecting garbage at full CPU and accepting a mail or two a second
            List<String> command = List.of("setsid", javaBin, "-Xms32m", "-Xmx1g", "-XX:+UseSerialGC",
                    "-Dgreenmail.hostname=127.0.0.1",
                    "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                    "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                    "-jar", jar.toString());
            Files.deleteIfExists(logFile());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile().toFile())
                    .directory(home.toFile())
                    .start();
            ProcessFiles.writePid(pidFile(), process.pid());
            Ports.await("GreenMail on ports " + smtpPort + " and " + apiPort, Duration.ofSeconds(30),
                    process::isAlive, () -> Ports.isListening(smtpPort) && isReady(),
                    () -> ProcessFiles.tail(logFile(), 30));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start GreenMail in " + home + ": " + e.getMessage(), e);
        }
    }

    public boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + "/api/service/readiness"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean stop() {
        return ProcessFiles.stop(pidFile(), Duration.ofSeconds(10));
    }

    /**
     * Deletes every mail it holds ({@code POST /api/mail/purge}): it keeps them in its small heap, and a benchmark
     * run with emails on sends tens of thousands.
     */
    public void purge() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + "/api/mail/purge"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GreenMail answered " + response.statusCode() + " to the purge: "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot purge the mailbox at " + apiUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while purging the mailbox", e);
        }
    }

    /** What this address received, oldest first; empty if it never received anything. */
    public List<Mailbox.Mail> mails(String address) {
        String encoded = URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + "/api/user/" + encoded + "/messages/"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 && response.body().contains("not found")) {
                return List.of(); // GreenMail knows an address once mail came for it
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GreenMail answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Mailbox.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the mailbox at " + apiUrl() + " (is the stack up?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the mailbox", e);
        }
    }
}
