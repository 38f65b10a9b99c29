package dev.jobhub.notify.stream;

import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.push.ConnectionRegistry;
import dev.jobhub.notify.push.PushTarget;
import dev.jobhub.notify.push.Subscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Opens a client's place in the stream, WebSocket or SSE alike: live from now on, or, given the id of the last
 * message it received, first what it missed. A gap that is no longer stored (older than the retention, or an id
 * that is not the user's) or larger than the replay limit is answered with {@code resync}: the client reloads its
 * state over REST and stays connected for what comes next. Also sends every connection its heartbeat.
 */
@ApplicationScoped
public class StreamSessions {

    private final ConnectionRegistry registry;
    private final StreamLog log;
    private final StreamConfig config;
    private final Vertx vertx;
    private long heartbeats = -1;

    public StreamSessions(ConnectionRegistry registry, StreamLog log, StreamConfig config, Vertx vertx) {
        this.registry = registry;
        this.log = log;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        heartbeats = vertx.setPeriodic(config.heartbeat().toMillis(), id -> registry.forEach(
                subscriber -> subscriber.sendControl(StreamMessages.HEARTBEAT,
                        StreamMessages.heartbeat(subscriber.lastId()))));
    }

    void stop(@Observes ShutdownEvent event) {
        if (heartbeats >= 0) {
            vertx.cancelTimer(heartbeats);
        }
    }

    /**
     * Registers the connection; with {@code lastEventId}, replays what the user's stream holds after it first.
     *
     * @return the connection's subscriber, once its replay (if any) has been sent
     */
    public Uni<Subscriber> open(String userId, boolean admin, PushTarget target, String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Uni.createFrom().item(registry.register(userId, admin, target, false));
        }
        Subscriber subscriber = registry.register(userId, admin, target, true);
        UUID after;
        try {
            after = UUID.fromString(lastEventId.trim());
        } catch (IllegalArgumentException e) {
            return resync(subscriber, 0, "lastEventId is not a message id");
        }
        return log.seqOf(userId, after).chain(seq -> {
            if (seq.isEmpty()) {
                return resync(subscriber, 0, "the messages after " + after + " are no longer kept");
            }
            return log.userAfter(userId, seq.get(), config.maxReplay() + 1).chain(missed -> {
                if (missed.size() > config.maxReplay()) {
                    return resync(subscriber, missed.get(missed.size() - 1).seq(),
                            "more than " + config.maxReplay() + " messages were missed");
                }
                subscriber.replayed(missed);
                return Uni.createFrom().item(subscriber);
            });
        }).onFailure().invoke(failure -> subscriber.skipTo(0));
    }

    private static Uni<Subscriber> resync(Subscriber subscriber, long fromSeq, String reason) {
        subscriber.sendControl(StreamMessages.RESYNC, JobJsonCodec.toJson(StreamMessages.control(StreamMessages.RESYNC, null)
                .put("reason", reason)));
        subscriber.skipTo(fromSeq);
        return Uni.createFrom().item(subscriber);
    }
}
