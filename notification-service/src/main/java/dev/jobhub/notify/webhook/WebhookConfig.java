package dev.jobhub.notify.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How webhooks are delivered: the dispatcher's rounds, timeouts, retries, rate limits and auto-disable. */
@ConfigMapping(prefix = "jobhub.notify.webhook")
public interface WebhookConfig {

    /**
     * How often WebhookDispatcher looks for due deliveries: retries and whatever a wake-up missed (new deliveries are
     * sent when the intake commits them). The scheduler does not run rounds less than a second apart.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** The most deliveries one round claims. */
    @WithDefault("100")
    int batchSize();

    /**
     * The most deliveries of one endpoint (or per-job target) one round claims: a backlog of one endpoint never fills
     * a round, so the others' deliveries are claimed beside it.
     */
    @WithDefault("10")
    int perEndpointBatch();

    /** How many deliveries are in flight at once per instance (to different endpoints, or different jobs). */
    @WithDefault("16")
    int sendConcurrency();

    /** The longest a receiver may take to answer, from connecting to the end of the excerpt read. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * How long a claimed delivery belongs to its sender: longer than a round can take (timeouts included), or a
     * slow round's deliveries are claimed and sent a second time; a sender that died holds them this long.
     */
    @WithDefault("1m")
    Duration lease();

    /**
     * When the attempts are made, from the event: the first (normally at once), then the waits after each failed
     * attempt. After as many attempts as there are entries the delivery is given up on (status failed).
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> schedule();

    /** The longest wait a receiver's Retry-After (on 429 or 503) may impose; a longer one is cut to this. */
    @WithDefault("1h")
    Duration maxRetryAfter();

    /** Deliveries per second to one endpoint, unless the endpoint sets its own rate limit. */
    @WithDefault("10")
    int rateLimit();

    /** The highest rate limit an endpoint may set. */
    @WithDefault("1000")
    int maxRateLimit();

    /** How long an endpoint may fail without a single success before it is switched off and its owner told. */
    @WithDefault("5d")
    Duration disableAfter();

    /** How long the previous secret keeps signing (a second signature) after a rotation. */
    @WithDefault("24h")
    Duration secretGrace();

    /** The most endpoints one user may have. */
    @WithDefault("50")
    int maxEndpointsPerUser();

    /** How long a job's per-job webhook target is kept (the job's final event comes well before). */
    @WithDefault("7d")
    Duration targetRetention();

    /**
     * How long a finished (succeeded or given up) delivery and its attempts stay in the delivery log; recover and
     * redeliver reach back this far at most.
     */
    @WithDefault("30d")
    Duration deliveryRetention();

    /** How often expired per-job targets, intake positions and finished deliveries are purged. */
    @WithDefault("10m")
    Duration purgeEvery();
}
