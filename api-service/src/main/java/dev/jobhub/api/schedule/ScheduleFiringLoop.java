package dev.jobhub.api.schedule;

import dev.jobhub.api.job.JobService;
import dev.jobhub.api.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fires due schedules every {@code jobhub.schedules.fire-every} (1 s) on every replica; {@link ScheduleFirer}
 * makes sure each tick fires once.
 */
@ApplicationScoped
public class ScheduleFiringLoop {

    private final ScheduleFirer firer;
    private final OutboxRelay relay;

    public ScheduleFiringLoop(JobService jobs, ScheduleValidator validator, OutboxRelay relay,
            @ConfigProperty(name = "jobhub.schedules.batch-size") int batchSize) {
        this.firer = new ScheduleFirer(jobs, validator, Clock.systemUTC(), batchSize);
        this.relay = relay;
    }

    @Scheduled(identity = "schedule-firing", every = "${jobhub.schedules.fire-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fireDueSchedules() {
        try {
            int fired = VertxContextSupport.subscribeAndAwait(firer::fireDue);
            if (fired > 0) {
                // the new jobs' commands are in the outbox: publish them now rather than at the relay's next poll
                relay.wakeUp();
            }
        } catch (Throwable e) {
            Log.warnf(e, "firing due schedules failed; retrying at the next tick");
        }
    }
}
