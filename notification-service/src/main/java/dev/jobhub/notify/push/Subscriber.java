package dev.jobhub.notify.push;

import dev.jobhub.notify.stream.StreamMessage.Entry;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open client connection (WebSocket or SSE) and where it stands in the stream. Every message goes out at most
 * once and in stream order: one with a number at or below the last one sent is dropped. While the connection
 * replays what it missed, live messages wait in a buffer and go out after the replay, so none is lost between the
 * two and none is sent twice.
 */
public final class Subscriber {

    private final String userId;
    private final boolean admin;
    private final PushTarget target;
    private final int maxPending;
    private final Runnable onOverflow;
    private final Set<UUID> jobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();

    private long lastSeq;
    private UUID lastId;
    private List<Entry> buffer;

    Subscriber(String userId, boolean admin, PushTarget target, int maxPending, boolean replaying,
            Runnable onOverflow) {
        this.userId = userId;
        this.admin = admin;
        this.target = target;
        this.maxPending = maxPending;
        this.onOverflow = onOverflow;
        this.buffer = replaying ? new ArrayList<>() : null;
    }

    public String userId() {
        return userId;
    }

    public boolean isAdmin() {
        return admin;
    }

    public String id() {
        return target.id();
    }

    Set<UUID> jobs() {
        return jobs;
    }

    /** The id of the last stream message sent, for replies and heartbeats; null before the first. */
    public synchronized UUID lastId() {
        return lastId;
    }

    /** A live message: sent now, or after the replay if one is running. */
    synchronized void offer(Entry entry) {
        if (buffer != null) {
            buffer.add(entry);
        } else {
            sendInOrder(entry);
        }
    }

    /**
     * Ends the replay: sends what was missed ({@code replayed}, in order), then the live messages that arrived
     * meanwhile, each once.
     */
    public synchronized void replayed(List<Entry> replayed) {
        replayed.forEach(this::sendInOrder);
        List<Entry> waiting = buffer == null ? List.of() : buffer;
        buffer = null;
        waiting.stream().sorted(Comparator.comparingLong(Entry::seq)).forEach(this::sendInOrder);
    }

    /**
     * Skips the replay (the gap is too old or unknown: the client reloads over REST) and goes live; messages before
     * {@code fromSeq} that arrived meanwhile are not sent.
     */
    public synchronized void skipTo(long fromSeq) {
        lastSeq = Math.max(lastSeq, fromSeq);
        replayed(List.of());
    }

    /** A reply or signal of this connection (pong, heartbeat, …): not part of the stream's order. */
    public void sendControl(String type, String json) {
        send(json, null, type);
    }

    boolean isOpen() {
        return target.isOpen();
    }

    void close(String reason) {
        target.close(reason);
    }

    private void sendInOrder(Entry entry) {
        if (entry.seq() <= lastSeq) {
            return;
        }
        lastSeq = entry.seq();
        lastId = entry.message().id();
        send(entry.message().payload(), entry.message().id().toString(), entry.message().type());
    }

    private void send(String text, String id, String type) {
        if (!target.isOpen()) {
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            Log.warnf("closing connection %s of user %s: %d messages unsent", target.id(), userId, maxPending);
            onOverflow.run();
            target.close("too slow: reconnect with lastEventId to resume");
            return;
        }
        try {
            target.send(text, id, type).whenComplete((ignored, failure) -> {
                pending.decrementAndGet();
                if (failure != null) {
                    // typically the client went away between isOpen() and the write; its close unregisters it
                    Log.debugf("push to connection %s failed: %s", target.id(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            Log.debugf("push to connection %s failed: %s", target.id(), e.toString());
        }
    }
}
