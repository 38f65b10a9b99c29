package dev.jobhub.notify.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the WebSocket push path. */
@ConfigMapping(prefix = "jobhub.notify.push")
public interface PushConfig {

    /**
     * How many messages may wait to be written to one connection. A client that falls this far behind is
     * disconnected rather than buffered without bound (it can reconnect and reload its state over REST), so one
     * slow client never holds memory or delays the others.
     */
    @WithDefault("256")
    int maxPendingMessages();
}
