package dev.jobhub.notify.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How the outbox is drained: polling, leases, retries and the circuit breaker in front of the SMTP server. */
@ConfigMapping(prefix = "jobhub.notify.email")
public interface EmailConfig {

    /** How often EmailSender looks for due rows (also the latency of a new email, at worst). */
    @WithDefault("1s")
    Duration pollInterval();

    /** The most rows one claim takes; a poll claims again while batches come back full, up to the rate below. */
    @WithDefault("20")
    int batchSize();

    /**
     * The most emails one instance hands to the SMTP server per second (per poll: this times the poll interval).
     * Mail providers limit senders, and a backlog of mail must not take the machine from the live path: the rest
     * waits for the next poll.
     */
    @WithDefault("100")
    int maxPerSecond();

    /** How the sender gives way to the live path while this instance takes in a burst of job events. */
    Yield yieldToEvents();

    /** How many emails of a batch are handed to the SMTP client at once. */
    @WithDefault("4")
    int sendConcurrency();

    /** The longest wait for the SMTP server to take one email; longer counts as a failed attempt. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * How long a claimed row belongs to its sender. Longer than a batch can take to send (the SMTP timeouts
     * included), or a slow sender's rows are claimed and sent a second time; a sender that died holds its rows this
     * long.
     */
    @WithDefault("2m")
    Duration lease();

    /**
     * The waits after the first, second, … failed attempt; after as many failures as there are waits, plus one, the
     * row is given up on (status failed).
     */
    @WithDefault("30s,2m,10m,30m,1h,2h")
    List<Duration> backoff();

    /** The longest last_error kept, in characters. */
    @WithDefault("500")
    int maxErrorLength();

    /** The circuit breaker that stops sending while the SMTP server fails. */
    CircuitBreaker circuitBreaker();

    interface CircuitBreaker {

        /** How many of the latest sends are judged. */
        @WithDefault("5")
        int requestVolumeThreshold();

        /** The share of failures among them that opens the breaker. */
        @WithDefault("0.8")
        double failureRatio();

        /** How long the breaker stays open before one send probes the server again. */
        @WithDefault("30s")
        Duration delay();
    }

    /**
     * While this instance takes in more than {@link #eventsPerSecond()} job events a second, it sends at most
     * {@link #maxPerSecond()} emails a second: storing the notifications and feeding the live clients come first,
     * the backlog of mail waits for the burst to pass, and a floor keeps it moving under a load that never ends.
     */
    interface Yield {

        @WithDefault("100")
        long eventsPerSecond();

        @WithDefault("5")
        int maxPerSecond();
    }
}
