package dev.jobhub.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on localhost that speaks the OpenAI embeddings API. */
class OpenAiEmbeddingModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody()));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiEmbeddingModel model(int dimensions) {
        return new OpenAiEmbeddingModel(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                "sk-test", "text-embedding-3-small", dimensions, Duration.ofSeconds(5));
    }

    @Test
    void sendsTheTextsAndPutsTheVectorsBackInOrderNormalised() {
        // answered out of order, as the API allows: index says which input each vector belongs to
        answer = """
                {"object": "list", "model": "text-embedding-3-small", "data": [
                  {"object": "embedding", "index": 1, "embedding": [0.0, 3.0, 4.0]},
                  {"object": "embedding", "index": 0, "embedding": [2.0, 0.0, 0.0]}]}""";

        List<float[]> vectors = model(3).embed(List.of("first text", "second text"));

        assertThat(vectors.get(0)).containsExactly(1f, 0f, 0f);
        assertThat(vectors.get(1)).containsExactly(0f, 0.6f, 0.8f);
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.path("model").asText()).isEqualTo("text-embedding-3-small");
            assertThat(request.path("input").get(0).asText()).isEqualTo("first text");
            assertThat(request.path("input").get(1).asText()).isEqualTo("second text");
        });
        assertThat(authorizations).containsExactly("Bearer sk-test");
    }

    @Test
    void aVectorOfAnotherSizeIsRefusedRatherThanStored() {
        answer = """
                {"data": [{"index": 0, "embedding": [0.1, 0.2]}]}""";

        assertThatThrownBy(() -> model(3).embed(List.of("text")))
                .isInstanceOf(EmbeddingFailedException.class)
                .hasMessageContaining("expected 3")
                .satisfies(e -> assertThat(((EmbeddingFailedException) e).retryable()).isFalse());
    }

    @Test
    void aRefusedKeyIsPermanentAndAnOverloadedServerIsWorthAnotherTry() {
        answer = "{\"error\": {\"message\": \"Incorrect API key provided: sk-test\"}}";
        status = 401;
        assertThatThrownBy(() -> model(3).embed(List.of("text")))
                .isInstanceOf(EmbeddingFailedException.class)
                .hasMessage("embedding endpoint answered HTTP 401")
                .satisfies(e -> assertThat(((EmbeddingFailedException) e).retryable()).isFalse());

        status = 503;
        assertThatThrownBy(() -> model(3).embed(List.of("text")))
                .satisfies(e -> assertThat(((EmbeddingFailedException) e).retryable()).isTrue());
    }

    @Test
    void anUnreachableEndpointIsWorthAnotherTry() {
        OpenAiEmbeddingModel model = model(3);
        server.stop(0);

        assertThatThrownBy(() -> model.embed(List.of("text")))
                .isInstanceOf(EmbeddingFailedException.class)
                .hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((EmbeddingFailedException) e).retryable()).isTrue());
    }
}
