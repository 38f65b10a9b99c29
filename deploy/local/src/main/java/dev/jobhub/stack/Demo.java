package dev.jobhub.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.stack.token.JwtSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The main job of the README's first command: as user {@code demo}, submit a {@code sleep} job, draw its progress
 * live from the WebSocket, then print the job from the REST API and the user's in-app notification.
 */
final class Demo {

    private static final int STEPS = 10;
    private static final long STEP_MILLIS = 400;

    private final String apiUrl;
    private final String notifyUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Demo(String apiUrl, String notifyUrl, JwtSigner signer) {
        this.apiUrl = apiUrl;
        this.notifyUrl = notifyUrl;
        this.token = signer.token("demo", false, Duration.ofHours(1));
    }

    void run() {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        WebSocket socket = connect(events);
        System.out.printf("%ndemo: submitting a 'sleep' job (%d steps of %d ms) as user 'demo'%n", STEPS, STEP_MILLIS);
        JsonNode accepted = send("POST", apiUrl + "/api/jobs",
                "{\"type\":\"sleep\",\"payload\":{\"steps\":" + STEPS + ",\"stepMillis\":" + STEP_MILLIS + "}}", 202);
        String jobId = accepted.get("jobId").asText();
        System.out.println("  202 Accepted, job " + jobId + ", state " + accepted.get("state").asText());

        follow(jobId, events);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "demo done");

        JsonNode job = awaitFinished(jobId);
        System.out.println("\nGET /api/jobs/" + jobId);
        System.out.println(job.toPrettyString());
        JsonNode notification = awaitNotification(jobId);
        System.out.println("\nin-app notification (GET " + notifyUrl + "/api/notifications):");
        System.out.println(notification.toPrettyString());
        System.out.println("\nThe stack keeps running: 'deploy/local/stack status', 'deploy/local/stack down'.");
    }

    /** Draws a progress bar from the job's WebSocket events until a final event arrives. */
    private void follow(String jobId, BlockingQueue<JsonNode> events) {
        boolean tty = System.console() != null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode event = poll(events);
            if (event == null || !jobId.equals(event.path("jobId").asText())) {
                continue;
            }
            String type = event.path("type").asText();
            double percentage = event.path("progress").path("percentage").asDouble(type.equals("job.completed") ? 100 : 0);
            String message = event.path("progress").path("message").asText(type);
            String line = bar(percentage) + String.format(" %5.1f%%  %-8s %s", percentage,
                    type.substring("job.".length()), message);
            System.out.print(tty ? "\r" + line + "   " : line + "\n");
            if (type.equals("job.completed") || type.equals("job.failed") || type.equals("job.cancelled")) {
                System.out.println(tty ? "" : "");
                return;
            }
        }
        throw new IllegalStateException("no final event for job " + jobId + " within 120 s over the WebSocket; "
                + "see deploy/local/stack logs worker-service");
    }

    private static JsonNode poll(BlockingQueue<JsonNode> events) {
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

    private WebSocket connect(BlockingQueue<JsonNode> events) {
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
        System.out.println("\ndemo: connecting to " + uri + " as user 'demo'");
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, listener)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    private JsonNode awaitFinished(String jobId) {
        return await(() -> {
            JsonNode job = send("GET", apiUrl + "/api/jobs/" + jobId, null, 200);
            String state = job.path("state").asText();
            return state.equals("completed") || state.equals("failed") || state.equals("cancelled") ? job : null;
        }, "job " + jobId + " to reach a final state in the REST API");
    }

    private JsonNode awaitNotification(String jobId) {
        return await(() -> {
            for (JsonNode notification : send("GET", notifyUrl + "/api/notifications", null, 200).path("data")) {
                if (jobId.equals(notification.path("jobId").asText())) {
                    return notification;
                }
            }
            return null;
        }, "the notification of job " + jobId);
    }

    private interface Probe {
        JsonNode get();
    }

    private static JsonNode await(Probe probe, String what) {
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

    private JsonNode send(String method, String url, String body, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JobJsonCodec.fromJson(response.body(), JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
