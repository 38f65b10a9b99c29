package dev.jobhub.stack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user's WebSocket to notification-service ({@code /ws?access_token=…}). Frames are taken as fast as they come
 * (the notifier drops a socket that falls behind) and parsed on a thread of their own; a dropped socket is counted
 * and reconnected, never hidden: events pushed while it was away are lost to this listener.
 */
final class EventListener implements AutoCloseable {

    /** Receives the fields the benchmark needs of each event. */
    interface Sink {
        void onEvent(String eventId, String type, String jobId, Instant occurredAt, long receivedNanos,
                Instant receivedAt);
    }

    private static final int MAX_RECONNECTS = 100;

    private record Frame(String text, long receivedNanos, Instant receivedAt) {
    }

    private static final Frame END = new Frame("", 0, Instant.EPOCH);

    private final HttpClient http;
    private final URI uri;
    private final Sink sink;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread parser;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> byType = new ConcurrentHashMap<>();
    private volatile WebSocket socket;
    private volatile boolean closing;

    private EventListener(HttpClient http, String notifyUrl, String token, Sink sink) {
        this.http = http;
        this.uri = URI.create(notifyUrl.replace("http://", "ws://") + "/ws?access_token=" + token);
        this.sink = sink;
        this.parser = new Thread(this::parseFrames, "bench-event-parser");
        this.parser.setDaemon(true);
    }

    /** Connects; events pushed from now on reach {@code sink}. */
    static EventListener open(HttpClient http, String notifyUrl, String token, Sink sink) {
        EventListener listener = new EventListener(http, notifyUrl, token, sink);
        listener.parser.start();
        listener.connect();
        return listener;
    }

    private void connect() {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new FrameReader())
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
    }

    long received() {
        return received.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    /** Each disconnect, with its close code or error. */
    List<String> disconnects() {
        return List.copyOf(disconnects);
    }

    Map<String, Long> eventsByType() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        byType.forEach((type, count) -> counts.put(type, count.get()));
        return counts;
    }

    private final class FrameReader implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            // ask for the next frame first: parsing happens elsewhere
            webSocket.request(1);
            if (!last) {
                partial.append(data);
                return null;
            }
            String text = partial.isEmpty() ? data.toString() : partial.append(data).toString();
            partial.setLength(0);
            frames.add(new Frame(text, System.nanoTime(), Instant.now()));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("closed " + statusCode + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost("error " + error.getClass().getSimpleName());
        }
    }

    private void lost(String why) {
        if (closing) {
            return;
        }
        disconnects.add(why);
        System.out.println("  ! WebSocket " + why + "; reconnecting (events pushed meanwhile are not seen)");
        if (disconnects.size() > MAX_RECONNECTS) {
            System.out.println("  ! WebSocket: more than " + MAX_RECONNECTS + " disconnects, not reconnecting");
            return;
        }
        Thread reconnect = new Thread(() -> {
            // up to about three minutes: the notifier may be restarting on a loaded machine
            for (int attempt = 1; attempt <= 60 && !closing; attempt++) {
                try {
                    Thread.sleep(Math.min(200L * attempt, 3000));
                    connect();
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the notifier may be restarting: try again
                }
            }
        }, "bench-ws-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    private void parseFrames() {
        while (true) {
            Frame frame;
            try {
                frame = frames.take();
            } catch (InterruptedException e) {
                return;
            }
            if (frame == END) {
                return;
            }
            received.incrementAndGet();
            parse(frame);
        }
    }

    private void parse(Frame frame) {
        EventFrame event = EventFrame.parse(frame.text());
        if (event == null || !event.readable()) {
            unreadable.incrementAndGet();
            return;
        }
        // the stream's other messages (notification, unread_count, heartbeat) are counted, not tracked
        byType.computeIfAbsent(event.type(), t -> new AtomicLong()).incrementAndGet();
        if (event.isJobEvent()) {
            sink.onEvent(event.id(), event.type(), event.jobId(), event.occurredAt(), frame.receivedNanos(),
                    frame.receivedAt());
        }
    }

    /** Closes the socket, then lets the parser finish the frames already received (at most 30 s). */
    @Override
    public void close() {
        closing = true;
        WebSocket current = socket;
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
            current.abort();
        }
        frames.add(END);
        try {
            parser.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parser.interrupt();
    }
}
