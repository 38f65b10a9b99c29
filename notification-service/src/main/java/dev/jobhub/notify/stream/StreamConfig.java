package dev.jobhub.notify.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live stream shared by WebSocket and SSE clients. */
@ConfigMapping(prefix = "jobhub.notify.stream")
public interface StreamConfig {

    /** How long messages are kept for clients that reconnect; an older gap is answered with {@code resync}. */
    @WithDefault("15m")
    Duration retention();

    /** The most messages one reconnection replays; a larger gap is answered with {@code resync}. */
    @WithDefault("1000")
    int maxReplay();

    /** How often each connection gets a heartbeat (proxies close connections that stay silent). */
    @WithDefault("25s")
    Duration heartbeat();

    /**
     * How often the tailer looks for new messages without being woken: the database notifies it of every append,
     * so this only bounds the delay when a notification is lost (a reconnecting listener).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** How many messages the tailer reads at a time. */
    @WithDefault("1000")
    int pageSize();

    /** How often expired messages are deleted. */
    @WithDefault("1m")
    Duration purgeEvery();

    /** The most expired messages one statement deletes. */
    @WithDefault("5000")
    int purgeChunk();

    /** The pause between two chunks of a round, in which the store path has the database to itself. */
    @WithDefault("100ms")
    Duration purgePause();
}
