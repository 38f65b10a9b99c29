package dev.jobhub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;

/**
 * A real HTTP server for webhook tests (the JDK's HttpServer, on 127.0.0.1 and a free port): it records every request
 * with its headers and body, and answers as the test scripts it, one answer per request in order (then 200 "ok"): a
 * status with headers ({@code Retry-After}, …), after a delay, with a huge body, or never.
 */
public final class TestWebhookReceiver implements AutoCloseable {

    /** A request as received; header names in lower case. */
    public record Received(String path, Map<String, String> headers, String body, Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * How to answer one request.
     *
     * @param hugeBodyBytes if positive, a body of this many bytes streamed instead of {@code body}
     * @param hang never answer (until the receiver closes)
     */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay, long hugeBodyBytes,
            boolean hang) {

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO, 0, false);
        }

        public static Answer status(int status, String headerName, String headerValue) {
            return new Answer(status, Map.of(headerName, headerValue), "", Duration.ZERO, 0, false);
        }

        public static Answer after(Duration delay, int status) {
            return new Answer(status, Map.of(), "", delay, 0, false);
        }

        public static Answer hugeBody(long bytes) {
            return new Answer(200, Map.of(), "", Duration.ZERO, bytes, false);
        }

        public static Answer never() {
            return new Answer(200, Map.of(), "", Duration.ZERO, 0, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private TestWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A new receiver; close it when done. */
    public static TestWebhookReceiver start() {
        try {
            return new TestWebhookReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a webhook receiver: " + e, e);
        }
    }

    /** The URL of {@code path} (starting with /) on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next requests are answered so, in order; after them, 200 "ok". */
    public TestWebhookReceiver answer(Answer... answers) {
        script.addAll(Arrays.asList(answers));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least {@code count} requests have arrived. @return them all */
    public List<Received> awaitRequests(int count, Duration within) {
        Awaitility.await().atMost(within).until(() -> received.size() >= count);
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestURI().toString(), headers, body, Instant.now()));
        Answer answer = script.pollFirst();
        if (answer == null) {
            answer = new Answer(200, Map.of(), "ok", Duration.ZERO, 0, false);
        }
        try {
            if (answer.hang()) {
                while (!closed) {
                    Thread.sleep(100);
                }
                return;
            }
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try (OutputStream out = exchange.getResponseBody()) {
            if (answer.hugeBodyBytes() > 0) {
                exchange.sendResponseHeaders(answer.status(), 0); // chunked
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                for (long sent = 0; sent < answer.hugeBodyBytes() && !closed; sent += chunk.length) {
                    out.write(chunk);
                }
            } else {
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                out.write(bytes);
            }
        } catch (IOException clientWentAway) {
            // the sender cut the answer off, as it should for a huge body
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "webhook receiver " + url("/") + " (" + received.size() + " requests)";
    }
}
