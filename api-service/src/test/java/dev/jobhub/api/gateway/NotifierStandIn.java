package dev.jobhub.api.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server in notification-service's place for the gateway's tests: it records every request it
 * received in full and answers what the test tells it to ({@link #answerWith}), by default 200 with a JSON body.
 * The gateway is pointed at it ({@code jobhub.gateway.notifications-url}) with a short response timeout.
 */
public class NotifierStandIn implements QuarkusTestResourceLifecycleManager {

    /** The longest the stand-in may take to start answering before the gateway answers 504 in these tests. */
    static final String RESPONSE_TIMEOUT = "3s";

    /** A request as the stand-in received it; header names in lower case. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(", ", values);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How the stand-in answers; it may block (each request has its own thread). */
    @FunctionalInterface
    public interface Responder {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile Responder responder = json(200, "{\"from\":\"stand-in\"}");
    private HttpServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        listen(0);
        return Map.of("jobhub.gateway.notifications-url", "http://127.0.0.1:" + port,
                "jobhub.gateway.response-timeout", RESPONSE_TIMEOUT);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this,
                new TestInjector.AnnotatedAndMatchesType(InjectNotifierStandIn.class, NotifierStandIn.class));
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        threads.shutdownNow();
    }

    /** Stops listening: connections to its port are refused until {@link #resume()}. */
    public synchronized void goAway() {
        server.stop(0);
        server = null;
    }

    /** Listens again, on the same port. */
    public synchronized void resume() {
        listen(port);
    }

    private synchronized void listen(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        } catch (IOException e) {
            throw new IllegalStateException("the stand-in notifier cannot listen on " + wanted, e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public int port() {
        return port;
    }

    /** The next answers, until changed; {@link #reset()} restores the default. */
    public void answerWith(Responder responder) {
        this.responder = responder;
    }

    /** Forgets what was received and answers the default again. */
    public void reset() {
        received.clear();
        responder = json(200, "{\"from\":\"stand-in\"}");
    }

    /** The next request received, waiting up to 10 s for it. */
    public Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the stand-in notifier received no request");
        }
        return next;
    }

    /** The requests received and not yet taken. */
    public List<Received> pending() {
        return List.copyOf(received);
    }

    /** An answer with a JSON body of {@code status} (problem+json for 4xx and 5xx), with an X-Notifier header. */
    public static Responder json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    status >= 400 ? "application/problem+json" : "application/json");
            exchange.getResponseHeaders().set("X-Notifier", "stand-in");
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=99");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            responder.answer(exchange);
        } catch (IOException e) {
            // a request cut short (a body over the limit, a caller that left): nothing complete to record
        }
    }
}
