package dev.jobhub.notify.inapp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the notifier keeps what it has written ({@link NotificationRetention}). */
@ConfigMapping(prefix = "jobhub.notify.retention")
public interface RetentionConfig {

    /**
     * Days a notification is kept, read or not, with its delivery log; the emails sent or given up on go with the
     * same age.
     */
    @WithDefault("90")
    int notificationDays();

    /**
     * How long the id of a processed event is kept: long past any redelivery of the event (an uncommitted offset
     * after a crash or a rebalance, minutes to hours). A notification's own event id guards it for as long as it is
     * kept besides.
     */
    @WithDefault("7d")
    Duration processedEvents();

    /** How often the purge runs (a schedule expression). */
    @WithDefault("1h")
    Duration every();

    /** Rows deleted per statement: a purge of a large backlog never holds one long transaction. */
    @WithDefault("5000")
    int batchSize();
}
