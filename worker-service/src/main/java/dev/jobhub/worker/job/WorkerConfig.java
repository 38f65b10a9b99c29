package dev.jobhub.worker.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the worker ({@code jobhub.worker.*}). */
@ConfigMapping(prefix = "jobhub.worker")
public interface WorkerConfig {

    /** How many jobs this instance runs at once; it takes no more commands than it has free slots. */
    @WithDefault("64")
    int concurrency();

    /**
     * At most this many jobs of a type run at once on this instance, within {@link #concurrency()} (types not
     * listed: no limit of their own). A job waiting for its type's limit holds its slot and is reported alive.
     */
    Map<String, Integer> typeConcurrency();

    /** How many events jobs may have sent and not yet seen acknowledged, before progress waits for the broker. */
    @WithDefault("1000")
    int eventsInFlight();

    /** The id this instance signs its events with; by default {@code <hostname>-<pid>}. */
    Optional<String> id();

    /**
     * On shutdown, how long running jobs may go on to finish. Jobs still running then are cancelled and
     * reported as failed ({@code worker_shutdown}), so that api-service retries them.
     */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** How long a handler waits for the broker to take one progress event before it goes on without it. */
    @WithDefault("10s")
    Duration progressTimeout();

    /**
     * Aging of commands waiting for a slot: a waiting command gains one priority level per period (low → normal →
     * high), so a low command waits at most about two periods under a constant high backlog. Zero: strict priority.
     */
    @WithDefault("30s")
    Duration priorityAging();

    /** How long an attempt may run when its command carries no {@code timeoutMs}. */
    @WithDefault("30m")
    Duration jobTimeout();

    /**
     * After a timeout or a drop has cancelled an attempt's token: how long its handler gets to stop at its next
     * step before its thread is interrupted.
     */
    @WithDefault("2s")
    Duration interruptGrace();

    /** How often each running attempt is reported alive on {@code jobs.heartbeats}. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** The durable record of the attempts taken (worker.attempt_fences). */
    Fence fence();

    interface Fence {

        /** How long a taken attempt is remembered; must cover the retention of the command topics. */
        @WithDefault("7d")
        Duration retention();

        /** How often expired fences are deleted. */
        @WithDefault("1h")
        Duration cleanupInterval();

        /** Rows deleted per statement. */
        @WithDefault("10000")
        int cleanupBatch();
    }

    /** Control messages about jobs not running here, kept so that their commands are not started later. */
    ControlMemory controlMemory();

    interface ControlMemory {

        /** At most this many (job, attempt) pairs are kept; the oldest go first. */
        @WithDefault("10000")
        int size();

        /** How long one is kept. */
        @WithDefault("1h")
        Duration ttl();
    }
}
