package dev.jobhub.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.stack.infra.MailCatcher;
import dev.jobhub.stack.infra.Mailbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's view of the platform, as one user: the REST APIs with its token, the WebSocket whose job events it
 * draws as a progress bar, and the user's mailbox in the local mail catcher.
 */
final class DemoClient implements AutoCloseable {

    private final String apiUrl;
    private final String notifyUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private WebSocket socket;

    DemoClient(String apiUrl, String notifyUrl, String token) {
        this.apiUrl = apiUrl;
        this.notifyUrl = notifyUrl;
        this.token = token;
    }

    String apiUrl() {
        return apiUrl;
    }

    String notifyUrl() {
        return notifyUrl;
    }

    /** Opens the WebSocket; events of every job of the user queue up from now on. */
    void connect(String user) {
        URI uri = URI.create(notifyUrl.replace("http://", "ws://") + "/ws");
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    events.add(JobJsonCodec.fromJson(partial.toString(), JsonNode.class));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
        System.out.println("\ndemo: connecting to " + uri + " as user '" + user + "'");
        socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, listener)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** Draws a progress bar from the job's WebSocket events until its final event arrives. */
    void follow(String jobId) {
        boolean tty = System.console() != null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode event = poll();
            if (event == null || !jobId.equals(event.path("jobId").asText())) {
                continue;
            }
            String type = event.path("type").asText();
            double percentage = event.path("progress").path("percentage")
                    .asDouble(type.equals("job.completed") ? 100 : 0);
            String message = event.path("progress").path("message").asText(type);
            String line = bar(percentage) + String.format(" %5.1f%%  %-8s %s", percentage,
                    type.substring("job.".length()), message);
            System.out.print(tty ? "\r" + line + " ".repeat(Math.max(0, 110 - line.length())) : line + "\n");
            if (type.equals("job.completed") || type.equals("job.failed") || type.equals("job.cancelled")) {
                if (tty) {
                    System.out.println();
                }
                return;
            }
        }
        throw new IllegalStateException("no final event for job " + jobId + " within 120 s over the WebSocket; "
                + "see deploy/local/stack logs worker-service");
    }

    private JsonNode poll() {
        try {
            return events.poll(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String bar(double percentage) {
        int width = 30;
        int filled = (int) Math.round(percentage / 100 * width);
        return "  [" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    JsonNode awaitFinished(String jobId) {
        return await(() -> {
            JsonNode job = send("GET", apiUrl + "/api/jobs/" + jobId, null, 200);
            String state = job.path("state").asText();
            return state.equals("completed") || state.equals("failed") || state.equals("cancelled") ? job : null;
        }, "job " + jobId + " to reach a final state in the REST API");
    }

    JsonNode awaitNotification(String jobId) {
        return await(() -> {
            for (JsonNode notification : send("GET", notifyUrl + "/api/notifications", null, 200).path("data")) {
                if (jobId.equals(notification.path("jobId").asText())) {
                    return notification;
                }
            }
            return null;
        }, "the notification of job " + jobId);
    }

    /** The user's profile at the notifier: {@code email} is where their emails go, {@code emailSource} why. */
    JsonNode profile() {
        return send("GET", notifyUrl + "/api/notifications/profile", null, 200);
    }

    /**
     * Waits for the email of one notification to reach {@code address} in the mail catcher, showing how long it has
     * waited; empty if none came within {@code timeout}. The mailbox keeps the mails of earlier demos too: the one
     * wanted is the one that links to the notification.
     */
    Optional<Mailbox.Mail> awaitEmail(MailCatcher mailbox, String address, String notificationId, Duration timeout) {
        boolean tty = System.console() != null;
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        long lastShown = -1;
        while (true) {
            List<Mailbox.Mail> mails = mailbox.mails(address);
            Optional<Mailbox.Mail> found = emailOf(mails, notificationId);
            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
            if (found.isPresent() || System.nanoTime() >= deadline) {
                if (tty && lastShown >= 0) {
                    System.out.println();
                }
                return found;
            }
            // a line a second on a terminal (rewritten in place), every other second in a log
            if (waited != lastShown && (tty || waited % 2 == 0)) {
                String line = waitingLine(address, waited, mails.size());
                System.out.print(tty ? "\r" + line : line + "\n");
                lastShown = waited;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The mail that links to the notification ({@code …/notifications/<id>}, in its text or its HTML), if any. */
    static Optional<Mailbox.Mail> emailOf(List<Mailbox.Mail> mails, String notificationId) {
        String link = "/notifications/" + notificationId;
        return mails.stream()
                .filter(mail -> contains(mail.text(), link) || contains(mail.html(), link))
                .findFirst();
    }

    static String waitingLine(String address, long waitedSeconds, int mailsThere) {
        return String.format("  waiting for the email to %s … %d s (%d %s in that mailbox, none of this job yet)",
                address, waitedSeconds, mailsThere, mailsThere == 1 ? "mail" : "mails");
    }

    /** The first {@code max} lines of a mail's text that are not blank, stripped; none for a mail without text. */
    static List<String> firstLines(String text, int max) {
        return text == null ? List.of()
                : text.lines().map(String::strip).filter(line -> !line.isEmpty()).limit(max).toList();
    }

    private static boolean contains(String text, String part) {
        return text != null && text.contains(part);
    }

    private static JsonNode await(Supplier<JsonNode> probe, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode found = probe.get();
            if (found != null) {
                return found;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /** Sends a request to a path of api-service; fails unless the answer has {@code expectedStatus}. */
    JsonNode api(String method, String path, String body, int expectedStatus) {
        return send(method, apiUrl + path, body, expectedStatus);
    }

    JsonNode send(String method, String url, String body, int expectedStatus) {
        HttpResponse<String> response = exchange(method, url, body);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : JobJsonCodec.fromJson(response.body(), JsonNode.class);
    }

    /** Uploads {@code content} as the multipart part {@code file}; expects 202 Accepted. */
    JsonNode upload(String path, String fileName, byte[] content, String contentType) {
        String boundary = "jobhub-demo-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JobJsonCodec.fromJson(response.body(), JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> exchange(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "demo done");
        }
    }
}
