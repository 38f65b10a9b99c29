package dev.jobhub.notify.push;

import java.util.concurrent.CompletionStage;

/** One open client connection that events are pushed to. Every method returns without waiting for the network. */
public interface PushTarget {

    /** Unique among open connections. */
    String id();

    boolean isOpen();

    /** Queues a text frame; the stage completes when it is written, or fails if it cannot be. */
    CompletionStage<Void> send(String text);

    /**
     * Queues a message of the stream: {@code id} (null for a connection's own replies and signals) and {@code type}
     * become the SSE event's id and name; a WebSocket sends the text alone, which carries both.
     */
    default CompletionStage<Void> send(String text, String id, String type) {
        return send(text);
    }

    /** Closes the connection, telling the client why (it may reconnect and reload its state). */
    void close(String reason);
}
