package dev.jobhub.worker.job;

import dev.jobhub.model.JobEvent;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Publishes the events of job attempts to {@code jobs.events}. */
public interface JobEventPublisher {

    /** Sends the event; the Uni completes when the broker has it (acks=all), or fails. */
    Uni<Void> publish(JobEvent event);

    /**
     * Sends the event until the broker has it: an event the worker depends on (started before it acknowledges a
     * command, the outcome of a job) is retried with backoff instead of being dropped. Gives up with the last
     * failure once {@code giveUp} says so (the worker is stopping).
     */
    default Uni<Void> publishUntilAcked(JobEvent event, BooleanSupplier giveUp) {
        return Uni.createFrom().deferred(() -> publish(event))
                .onFailure().invoke(e -> Log.warnf("cannot publish %s of job %s (sequence %d) yet: %s",
                        event.typeName(), event.jobId(), event.sequence(), e.getMessage()))
                .onFailure(e -> !giveUp.getAsBoolean()).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
