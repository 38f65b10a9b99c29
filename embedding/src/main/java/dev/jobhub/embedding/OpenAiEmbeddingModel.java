package dev.jobhub.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST <url>/embeddings} with {@code {model, input: [...]}},
 * answering {@code {data: [{index, embedding}]}}): OpenAI itself, or a self-hosted server speaking the same API
 * (vLLM, Ollama, LocalAI, text-embeddings-inference). Vectors are normalised here, so that scores compare alike
 * whichever provider made them.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final int dimensions;
    private final Duration timeout;
    private final HttpClient http;

    public OpenAiEmbeddingModel(URI baseUrl, String apiKey, String model, int dimensions, Duration timeout) {
        String base = baseUrl.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base + "embeddings" : base + "/embeddings");
        this.apiKey = apiKey;
        this.model = model;
        this.dimensions = dimensions;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        ObjectNode body = JSON.createObjectNode().put("model", model);
        texts.forEach(body.putArray("input")::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmbeddingFailedException("embedding endpoint " + endpoint + " unreachable: "
                    + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingFailedException("interrupted while waiting for the embedding endpoint", true, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            // 429 and 5xx pass; any other refusal (bad key, unknown model) will not
            boolean retryable = status == 429 || status >= 500;
            throw new EmbeddingFailedException("embedding endpoint answered HTTP " + status, retryable, null);
        }
        return vectors(response.body(), texts.size());
    }

    private List<float[]> vectors(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new EmbeddingFailedException("embedding endpoint answered something that is not JSON", true, e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingFailedException("embedding endpoint answered " + data.size() + " vectors for "
                    + expected + " texts", false, null);
        }
        float[][] ordered = new float[expected][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= expected || ordered[index] != null || values.size() != dimensions) {
                throw new EmbeddingFailedException("embedding endpoint answered a vector of " + values.size()
                        + " dimensions at index " + index + "; expected " + dimensions, false, null);
            }
            float[] vector = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            ordered[index] = Vectors.normalised(vector);
        }
        return new ArrayList<>(Arrays.asList(ordered));
    }
}
