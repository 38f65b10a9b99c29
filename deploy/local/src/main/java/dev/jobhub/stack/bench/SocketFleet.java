package dev.jobhub.stack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many users' WebSockets to the notifier, one per user, all on one HttpClient of their own. Unlike
 * {@link EventListener} (a parser thread and reconnection per socket, fine for one user) a socket here costs no
 * thread: frames are parsed on the client's small executor as they come, since they are few per socket. A socket
 * the server drops is counted and stays closed: the workload reports how many it held, not how many it could
 * re-create. The server's heartbeats are read like any message; pings are answered by the JDK client itself.
 */
final class SocketFleet implements AutoCloseable {

    /** Receives each job event with the user whose socket it arrived on. */
    interface Sink {
        void onEvent(String user, EventFrame event, long receivedNanos, Instant receivedAt);
    }

    /** A user to connect and the token to connect with. */
    record Member(String user, String token) {
    }

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    // a few threads for the callbacks of thousands of sockets: the default cached pool would start one per
    // burst of heartbeats
    private final ExecutorService callbacks = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "bench-fleet");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(callbacks).build();
    private final String wsUrl;
    private final Sink sink;
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<Member> connected = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> messagesByType = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean closing;

    SocketFleet(String notifyUrl, Sink sink) {
        this.wsUrl = notifyUrl.replace("http://", "ws://") + "/ws?access_token=";
        this.sink = sink;
    }

    /**
     * Opens a socket for each member, at most {@code parallel} handshakes at a time, and returns once every
     * handshake ended; stops starting new ones after {@code maxFailures} failures (refusals, timeouts).
     *
     * @return how many of these members are connected
     */
    int open(List<Member> members, int parallel, int maxFailures) {
        Semaphore handshakes = new Semaphore(parallel);
        AtomicInteger connectedNow = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (Member member : members) {
            if (failed.get() >= maxFailures) {
                break;
            }
            handshakes.acquireUninterruptibly();
            http.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT)
                    .buildAsync(URI.create(wsUrl + member.token()), new Reader(member.user()))
                    .orTimeout(HANDSHAKE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)
                    .whenComplete((socket, failure) -> {
                        if (failure == null) {
                            sockets.add(socket);
                            this.connected.add(member);
                            opened.incrementAndGet();
                            connectedNow.incrementAndGet();
                        } else {
                            failures.computeIfAbsent(cause(failure), c -> new LongAdder()).increment();
                            failed.incrementAndGet();
                        }
                        handshakes.release();
                    });
        }
        handshakes.acquireUninterruptibly(parallel);
        return connectedNow.get();
    }

    private static String cause(Throwable failure) {
        Throwable cause = BenchClient.cause(failure);
        String message = cause.getMessage();
        // the JDK says "Unexpected HTTP response status code 401" and the like: the status is what matters
        return cause.getClass().getSimpleName()
                + (message != null && message.contains("status code") ? " (" + message + ")" : "");
    }

    /** Sockets open now: opened and not dropped by the server or the network. */
    int held() {
        return opened.get() - dropped.get();
    }

    int opened() {
        return opened.get();
    }

    /** The members connected so far, in the order they connected (including any whose socket was dropped since). */
    List<Member> connected() {
        return connected;
    }

    /** Handshakes that failed, by cause. */
    Map<String, Long> failures() {
        return snapshot(failures);
    }

    long failureCount() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Sockets closed by the other side or broken, by close code or error. */
    Map<String, Long> drops() {
        return snapshot(drops);
    }

    /** Every message received, by type: job events and the stream's own (heartbeat, unread_count …). */
    Map<String, Long> messagesByType() {
        return snapshot(messagesByType);
    }

    long unreadable() {
        return unreadable.get();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    private final class Reader implements WebSocket.Listener {
        private final String user;
        private StringBuilder partial;

        Reader(String user) {
            this.user = user;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long receivedNanos = System.nanoTime();
            Instant receivedAt = Instant.now();
            if (!last) {
                partial = partial == null ? new StringBuilder() : partial;
                partial.append(data);
                webSocket.request(1);
                return null;
            }
            String text = partial == null ? data.toString() : partial.append(data).toString();
            partial = null;
            EventFrame event = EventFrame.parse(text);
            if (event == null || !event.readable()) {
                unreadable.incrementAndGet();
            } else {
                messagesByType.computeIfAbsent(event.type(), t -> new LongAdder()).increment();
                if (event.isJobEvent()) {
                    sink.onEvent(user, event, receivedNanos, receivedAt);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("closed " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost("error " + error.getClass().getSimpleName());
        }

        private void lost(String why) {
            if (!closing) {
                dropped.incrementAndGet();
                drops.computeIfAbsent(why, w -> new LongAdder()).increment();
            }
        }
    }

    /** Drops every socket at once (no closing handshake: thousands of them would only slow the end). */
    @Override
    public void close() {
        closing = true;
        List<WebSocket> all = new ArrayList<>(sockets);
        all.forEach(WebSocket::abort);
        sockets.clear();
        callbacks.shutdownNow();
    }
}
