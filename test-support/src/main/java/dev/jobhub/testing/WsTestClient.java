package dev.jobhub.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that collects the text messages it receives. */
public final class WsTestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private WsTestClient() {
    }

    /**
     * Connects with the token in the {@code Authorization} header, or (as a browser must) in the
     * {@code access_token} query parameter.
     */
    public static WsTestClient connect(URI uri, String token, boolean viaQueryParam) {
        WsTestClient client = new WsTestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        URI target = uri;
        if (token != null && viaQueryParam) {
            target = URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "access_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
        } else if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        client.socket = builder.buildAsync(target, client.listener()).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    /**
     * Connects as a browser that can set neither headers nor would put a token in the URL: the token rides as the
     * subprotocols {@code ["bearer", token]}, with {@code query} (e.g. {@code lastEventId=…}) appended if not null.
     */
    public static WsTestClient connectWithSubprotocol(URI uri, String token, String query) {
        WsTestClient client = new WsTestClient();
        URI target = query == null ? uri : URI.create(uri + (uri.getQuery() == null ? "?" : "&") + query);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).subprotocols("bearer", token)
                .buildAsync(target, client.listener()).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    /** The subprotocol the server selected, empty if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** The HTTP status that refused the upgrade, or 101 if the connection opened. */
    public static int upgradeStatus(URI uri, String tokenOrNull) {
        try (WsTestClient client = connect(uri, tokenOrNull, false)) {
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits until at least {@code count} messages arrived; returns them all. */
    public List<String> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (messages.size() < count) {
            throw new AssertionError("expected " + count + " WebSocket messages within " + timeout + ", got "
                    + messages.size() + ": " + messages);
        }
        return messages();
    }

    /** Waits until at least {@code count} of the messages match {@code filter}; returns those that match. */
    public List<String> awaitMessages(Predicate<String> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> matching = matching(filter);
        if (matching.size() < count) {
            throw new AssertionError("expected " + count + " matching WebSocket messages within " + timeout
                    + ", got " + matching.size() + " of: " + messages);
        }
        return matching;
    }

    /** The messages received so far that match {@code filter}. */
    public List<String> matching(Predicate<String> filter) {
        return messages.stream().filter(filter).toList();
    }

    /** Sends {@code text} as one frame. */
    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
