package dev.jobhub.notify.stream;

import dev.jobhub.notify.push.ConnectionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows the stream for the clients connected to this instance: reads every message after the last one it read,
 * in order, and hands each to the registry. Every instance tails the same table, so a client gets every message of
 * its user whatever instance it is connected to. Woken by the database's notification at each append (LISTEN), and
 * by a slow timer in case a notification is lost. It starts at the end of the stream: a client that connects later
 * and wants what came before asks for it with its last message id.
 */
@ApplicationScoped
public class StreamTailer {

    private final StreamLog log;
    private final ConnectionRegistry registry;
    private final StreamConfig config;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private final Counter dispatched;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long lastSeq = -1;
    private volatile boolean listening;
    private PgSubscriber subscriber;
    private long timer = -1;

    public StreamTailer(StreamLog log, ConnectionRegistry registry, StreamConfig config, Vertx vertx,
            MeterRegistry meters, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.log = log;
        this.registry = registry;
        this.config = config;
        this.vertx = vertx;
        this.listenOptions = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password);
        this.dispatched = meters.counter("jobhub.notify.push.messages");
        meters.gauge("jobhub.notify.push.connections", registry, ConnectionRegistry::connections);
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> 500L);
        subscriber.channel(StreamLog.CHANNEL)
                .handler(payload -> wake())
                .subscribeHandler(() -> {
                    listening = true;
                    // appends made while the listener was away are found now
                    wake();
                });
        subscriber.closeHandler(() -> listening = false);
        subscriber.connect().subscribe().with(ok -> { },
                failure -> Log.warnf("stream listener not connected yet (the timer keeps tailing): %s", failure));
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** True once it knows where the stream ends, and so misses nothing appended from then on. */
    public boolean isFollowing() {
        return lastSeq >= 0;
    }

    public boolean isListening() {
        return listening;
    }

    /** Reads what is new now, or right after the read in progress. */
    public void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            again.set(false);
            read();
        }
    }

    private void read() {
        if (lastSeq < 0) {
            log.lastSeq().subscribe().with(seq -> {
                lastSeq = seq;
                Log.debugf("stream tailer starts after message %d", seq);
                done(false);
            }, this::failed);
            return;
        }
        log.after(lastSeq, config.pageSize()).subscribe().with(this::dispatch, this::failed);
    }

    private void dispatch(List<StreamMessage.Entry> entries) {
        for (StreamMessage.Entry entry : entries) {
            dispatched.increment(registry.dispatch(entry));
            lastSeq = entry.seq();
        }
        done(entries.size() == config.pageSize());
    }

    private void failed(Throwable failure) {
        Log.debugf("stream tailer could not read (retrying at the next wake-up): %s", failure.toString());
        running.set(false);
    }

    private void done(boolean more) {
        if (more || again.getAndSet(false)) {
            read();
            return;
        }
        running.set(false);
        // a wake-up between the read and the flag being cleared
        if (again.get() && running.compareAndSet(false, true)) {
            again.set(false);
            read();
        }
    }

    Duration pollInterval() {
        return config.pollInterval();
    }
}
