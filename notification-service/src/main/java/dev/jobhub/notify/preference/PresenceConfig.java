package dev.jobhub.notify.preference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Presence-aware email: who counts as online, and how long their email waits. */
@ConfigMapping(prefix = "jobhub.notify.presence")
public interface PresenceConfig {

    /** How often each instance records which of its connected users chose presence-aware email. */
    @WithDefault("5s")
    Duration refresh();

    /**
     * A user counts as online while a record of them is younger than this: a few refreshes, so that one late refresh
     * does not count them offline, and an instance that died stops counting its users by itself.
     */
    @WithDefault("30s")
    Duration staleAfter();

    /** How long the email of a new notification waits while its user is online; read meanwhile, it is not sent. */
    @WithDefault("2m")
    Duration grace();
}
