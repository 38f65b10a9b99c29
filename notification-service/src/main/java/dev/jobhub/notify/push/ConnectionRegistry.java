package dev.jobhub.notify.push;

import dev.jobhub.notify.stream.StreamMessage.Entry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The clients connected to THIS instance, by user and by the jobs admins subscribed to: the stream tailer hands each
 * message to the connections of its user, and to the admins watching its job, and to nobody else. Handing over never
 * waits for a client (see {@link Subscriber}).
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final ConcurrentMap<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Set<Subscriber>> byJob = new ConcurrentHashMap<>();
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

    /**
     * @param replaying true if the connection first receives what it missed ({@link Subscriber#replayed}); live
     *        messages wait until then
     */
    public Subscriber register(String userId, boolean admin, PushTarget target, boolean replaying) {
        Subscriber subscriber = new Subscriber(userId, admin, target, maxPendingMessages, replaying,
                () -> unregister(target.id()));
        byConnection.put(target.id(), subscriber);
        // compute() serialises with a concurrent removal of the user's last connection, which would otherwise
        // drop a set that this registration has just joined
        byUser.compute(userId, (user, set) -> add(set, subscriber));
        return subscriber;
    }

    public void unregister(String connectionId) {
        Subscriber subscriber = byConnection.remove(connectionId);
        if (subscriber != null) {
            byUser.computeIfPresent(subscriber.userId(), (user, set) -> remove(set, subscriber));
            subscriber.jobs().forEach(job -> byJob.computeIfPresent(job, (id, set) -> remove(set, subscriber)));
        }
    }

    /** An admin's connection receives every message of the job from now on, whoever owns it. */
    public void subscribe(Subscriber subscriber, UUID jobId) {
        if (subscriber.jobs().add(jobId)) {
            byJob.compute(jobId, (id, set) -> add(set, subscriber));
        }
    }

    public void unsubscribe(Subscriber subscriber, UUID jobId) {
        if (subscriber.jobs().remove(jobId)) {
            byJob.computeIfPresent(jobId, (id, set) -> remove(set, subscriber));
        }
    }

    /** The subscriber of an open connection, or null. */
    public Subscriber subscriber(String connectionId) {
        return byConnection.get(connectionId);
    }

    /** The users with at least one open connection on this instance, as of now. */
    public Set<String> connectedUsers() {
        return Set.copyOf(byUser.keySet());
    }

    public boolean isConnected(String userId) {
        return byUser.containsKey(userId);
    }

    /** @return how many connections the message was handed to */
    public int dispatch(Entry entry) {
        // every instance sees every user's messages and holds few users' connections: most messages end here
        Set<Subscriber> ofUser = byUser.get(entry.message().userId());
        Set<Subscriber> ofJob = entry.message().jobId() == null ? null : byJob.get(entry.message().jobId());
        if (ofUser == null && ofJob == null) {
            return 0;
        }
        Set<Subscriber> targets = new LinkedHashSet<>();
        if (ofUser != null) {
            targets.addAll(ofUser);
        }
        if (ofJob != null) {
            targets.addAll(ofJob);
        }
        int handed = 0;
        for (Subscriber subscriber : targets) {
            if (!subscriber.isOpen()) {
                unregister(subscriber.id());
                continue;
            }
            subscriber.offer(entry);
            handed++;
        }
        return handed;
    }

    public void forEach(Consumer<Subscriber> action) {
        byConnection.values().forEach(action);
    }

    /** Open connections on this instance. */
    public int connections() {
        return byConnection.size();
    }

    public int connections(String userId) {
        Set<Subscriber> subscribers = byUser.get(userId);
        return subscribers == null ? 0 : subscribers.size();
    }

    private static Set<Subscriber> add(Set<Subscriber> set, Subscriber subscriber) {
        Set<Subscriber> subscribers = set != null ? set : ConcurrentHashMap.newKeySet();
        subscribers.add(subscriber);
        return subscribers;
    }

    private static Set<Subscriber> remove(Set<Subscriber> set, Subscriber subscriber) {
        set.remove(subscriber);
        return set.isEmpty() ? null : set;
    }
}
