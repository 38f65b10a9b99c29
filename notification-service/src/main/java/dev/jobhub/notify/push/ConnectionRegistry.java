package dev.jobhub.notify.push;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients connected to THIS instance, by user: the push path hands each event to the connections of the
 * event's user and to nobody else. Publishing never waits for a client: a send is queued and forgotten, a closed
 * connection is dropped, and a connection with too many unsent messages is closed.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final ConcurrentMap<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Subscriber> byConnection = new ConcurrentHashMap<>();
    private final int maxPendingMessages;

    @Inject
    public ConnectionRegistry(PushConfig config) {
        this(config.maxPendingMessages());
    }

    ConnectionRegistry(int maxPendingMessages) {
        if (maxPendingMessages < 1) {
            throw new IllegalArgumentException("maxPendingMessages must be at least 1");
        }
        this.maxPendingMessages = maxPendingMessages;
    }

    public void register(String userId, PushTarget target) {
        Subscriber subscriber = new Subscriber(userId, target);
        byConnection.put(target.id(), subscriber);
        // compute() serialises with a concurrent removal of the user's last connection, which would otherwise
        // drop a set that this registration has just joined
        byUser.compute(userId, (user, set) -> {
            Set<Subscriber> subscribers = set != null ? set : ConcurrentHashMap.newKeySet();
            subscribers.add(subscriber);
            return subscribers;
        });
    }

    public void unregister(String connectionId) {
        Subscriber subscriber = byConnection.remove(connectionId);
        if (subscriber != null) {
            byUser.computeIfPresent(subscriber.userId, (user, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public boolean isConnected(String userId) {
        return byUser.containsKey(userId);
    }

    /** @return how many connections the message was queued on */
    public int publish(String userId, String message) {
        Set<Subscriber> subscribers = byUser.get(userId);
        if (subscribers == null) {
            return 0;
        }
        int queued = 0;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.offer(message)) {
                queued++;
            }
        }
        return queued;
    }

    /** Open connections on this instance. */
    public int connections() {
        return byConnection.size();
    }

    public int connections(String userId) {
        Set<Subscriber> subscribers = byUser.get(userId);
        return subscribers == null ? 0 : subscribers.size();
    }

    private final class Subscriber {

        private final String userId;
        private final PushTarget target;
        private final AtomicInteger pending = new AtomicInteger();

        Subscriber(String userId, PushTarget target) {
            this.userId = userId;
            this.target = target;
        }

        boolean offer(String message) {
            if (!target.isOpen()) {
                unregister(target.id());
                return false;
            }
            if (pending.incrementAndGet() > maxPendingMessages) {
                pending.decrementAndGet();
                Log.warnf("closing WebSocket connection %s of user %s: %d messages unsent", target.id(), userId,
                        maxPendingMessages);
                unregister(target.id());
                target.close("too slow: reconnect and reload");
                return false;
            }
            try {
                target.send(message).whenComplete((ignored, failure) -> {
                    pending.decrementAndGet();
                    if (failure != null) {
                        // typically the client went away between isOpen() and the write; onClose unregisters it
                        Log.debugf("push to connection %s failed: %s", target.id(), failure.toString());
                    }
                });
                return true;
            } catch (RuntimeException e) {
                pending.decrementAndGet();
                Log.debugf("push to connection %s failed: %s", target.id(), e.toString());
                unregister(target.id());
                return false;
            }
        }
    }
}
