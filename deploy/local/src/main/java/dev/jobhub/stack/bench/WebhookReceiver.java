package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobhub.model.JobJsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook receiver of W7, in the benchmark's JVM: the JDK's HTTP server on a free port of 127.0.0.1, a path per
 * endpoint ({@code /hook/<n>}). It answers 204 as soon as the body is read, then verifies the signature with the
 * endpoint's secret and records the delivery, so that neither check nor bookkeeping slows the notifier's sender.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/hook/";

    /**
     * One request as it arrived.
     *
     * @param endpoint   the {@code n} of its path, -1 for any other path
     * @param signed     true if a signature of the header verified with that endpoint's secret
     * @param occurredAt the body's {@code occurredAt}, null if missing or unreadable
     */
    record Receipt(int endpoint, String webhookId, String eventType, String jobId, Instant occurredAt,
            Instant receivedAt, long receivedNanos, boolean signed) {
    }

    private final HttpServer server;
    // the notifier sends to up to WEBHOOK_SEND_CONCURRENCY (16) endpoints at once
    private final ExecutorService handlers = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "bench-webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Integer, WebhookSignature> signatures = new ConcurrentHashMap<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final AtomicLong badSignatures = new AtomicLong();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
    }

    /** Listens on a free port of the loopback address. */
    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the webhook receiver: " + e.getMessage(), e);
        }
    }

    /** The URL to register for endpoint {@code n}. */
    String url(int endpoint) {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + PATH + endpoint;
    }

    /** The secret the endpoint's creation answered: deliveries to it are verified with it from now on. */
    void secret(int endpoint, String secret) {
        signatures.put(endpoint, WebhookSignature.of(secret));
    }

    /** Every request so far, in the order they were recorded. */
    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    synchronized int count() {
        return receipts.size();
    }

    /** Requests whose signature did not verify (or came to a path without a secret). */
    long badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long receivedNanos = System.nanoTime();
        Instant receivedAt = Instant.now();
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        String path = exchange.getRequestURI().getPath();
        int endpoint = endpointOf(path);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        WebhookSignature signature = signatures.get(endpoint);
        boolean signed = signature != null && signature.verifies(id,
                exchange.getRequestHeaders().getFirst("webhook-timestamp"), body,
                exchange.getRequestHeaders().getFirst("webhook-signature"));
        if (!signed) {
            badSignatures.incrementAndGet();
        }
        JsonNode json = parse(body);
        Receipt receipt = new Receipt(endpoint, id, json.path("eventType").asText(null),
                json.path("jobId").asText(null), instant(json.path("occurredAt").asText(null)), receivedAt,
                receivedNanos, signed);
        synchronized (this) {
            receipts.add(receipt);
        }
    }

    static int endpointOf(String path) {
        if (path == null || !path.startsWith(PATH)) {
            return -1;
        }
        try {
            return Integer.parseInt(path.substring(PATH.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JobJsonCodec.fromJson(new String(body, StandardCharsets.UTF_8), JsonNode.class);
        } catch (RuntimeException e) {
            return JobJsonCodec.mapper().createObjectNode();
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
