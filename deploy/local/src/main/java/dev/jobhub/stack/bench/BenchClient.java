package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The public REST API of api-service as one user: job submission (single and batch) and a job's state. HTTP/1.1
 * over the client's connection pool: every request in flight holds a connection, idle ones are reused.
 */
final class BenchClient {

    /** The no-op job: it completes at once, without progress. */
    static final String NO_OP_JOB = "{\"type\":\"sleep\",\"payload\":{\"steps\":0,\"stepMillis\":0}}";
    /**
     * How long a submit may take: long, since a timed-out call whose jobs the API committed anyway would make
     * accepted jobs look unknown (a batch of 1,000 takes minutes on a loaded machine before optimisation).
     */
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The answer to a submission.
     *
     * @param outcome "202", another status, or the exception that prevented an answer (e.g. a timeout)
     */
    record Submitted(boolean accepted, String outcome, List<String> jobIds) {
    }

    private final HttpClient http;
    private final String apiUrl;
    private final String authorization;

    BenchClient(HttpClient http, String apiUrl, String token) {
        this.http = http;
        this.apiUrl = apiUrl;
        // no token: the notifier's health, which is open
        this.authorization = token == null ? null : "Bearer " + token;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String progressJob(int steps, int stepMillis) {
        return "{\"type\":\"sleep\",\"payload\":{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}}";
    }

    CompletableFuture<Submitted> submitAsync(String job) {
        return post("/api/jobs", job);
    }

    /** {@code count} copies of {@code job} in one {@code POST /api/jobs/batch}. */
    CompletableFuture<Submitted> submitBatchAsync(String job, int count) {
        StringBuilder body = new StringBuilder(16 + count * (job.length() + 1)).append("{\"jobs\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(job);
        }
        return post("/api/jobs/batch", body.append("]}").toString());
    }

    private CompletableFuture<Submitted> post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(SUBMIT_TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        return new Submitted(false, cause(failure).getClass().getSimpleName(), List.of());
                    }
                    if (response.statusCode() != 202) {
                        return new Submitted(false, Integer.toString(response.statusCode()), List.of());
                    }
                    return new Submitted(true, "202", jobIds(response.body()));
                });
    }

    /** What failed, without the CompletionException an asynchronous call wraps it in. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The ids of a single answer ({@code jobId}) or of a batch answer ({@code jobs[].jobId}). */
    static List<String> jobIds(String answer) {
        JsonNode json = JobJsonCodec.fromJson(answer, JsonNode.class);
        List<String> ids = new ArrayList<>();
        if (json.has("jobId")) {
            ids.add(json.get("jobId").asText());
        }
        json.path("jobs").forEach(job -> ids.add(job.path("jobId").asText()));
        return ids;
    }

    private static final String MISSING = "missing (404)";

    /** True for a job's state or {@link #MISSING}; false for an answer that says nothing about the job. */
    static boolean isState(String answer) {
        return answer.equals(MISSING) || answer.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    /** The job's state from {@code GET /api/jobs/{id}}; "missing (404)" or the failure otherwise. */
    String state(String jobId) {
        try {
            HttpResponse<String> response = get("/api/jobs/" + jobId);
            if (response.statusCode() == 404) {
                return MISSING;
            }
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            return JobJsonCodec.fromJson(response.body(), JsonNode.class).path("state").asText("?");
        } catch (IOException e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not checked (interrupted)";
        }
    }

    /** A GET of the API (or of the notifier through its gateway) as JSON; null for anything but a 200 answer. */
    JsonNode getJson(String path) {
        try {
            HttpResponse<String> response = get(path);
            return response.statusCode() == 200 ? JobJsonCodec.fromJson(response.body(), JsonNode.class) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The answer to {@link #call}.
     *
     * @param json the body as JSON; null without one, or if it is not JSON
     */
    record Answer(int status, JsonNode json) {
    }

    /**
     * Any method on the API (or the notifier through its gateway) with a JSON body or none, e.g. managing webhook
     * endpoints. A failure to reach it is an exception: the workloads that need these calls cannot go on without.
     */
    Answer call(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(LOOKUP_TIMEOUT)
                .header("Authorization", authorization).method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isBlank()) {
                try {
                    json = JobJsonCodec.fromJson(response.body(), JsonNode.class);
                } catch (RuntimeException notJson) {
                    json = null;
                }
            }
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + ": interrupted", e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(LOOKUP_TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
