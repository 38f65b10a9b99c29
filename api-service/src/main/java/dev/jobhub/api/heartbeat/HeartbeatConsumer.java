package dev.jobhub.api.heartbeat;

import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.JobJsonCodec;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records the liveness of running attempts from {@code jobs.heartbeats} (group {@code jobhub-api-heartbeats}):
 * heartbeat_at = now for the job if the heartbeat is of its current attempt and it is active, so a heartbeat of a
 * superseded attempt (a worker that was cut off and has been replaced) keeps nothing alive. The stall sweeper reads
 * heartbeat_at.
 *
 * <p>A heartbeat that cannot be recorded (database away) is dropped: the next one follows in a few seconds, and
 * while the database is away no stall can be acted on either.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final String BEAT = "UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND attempt = $2 AND state = 'active'";

    private final Pool pool;

    public HeartbeatConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming("job-heartbeats")
    public Uni<Void> onHeartbeat(byte[] record) {
        JobHeartbeat heartbeat;
        try {
            heartbeat = JobJsonCodec.fromBytes(record, JobHeartbeat.class);
        } catch (IllegalArgumentException e) {
            Log.warnf("skipping a record on jobs.heartbeats that is not a heartbeat: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (heartbeat.jobId() == null) {
            return Uni.createFrom().voidItem();
        }
        return record(heartbeat)
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("heartbeat of job %s not recorded: %s", heartbeat.jobId(), e.getMessage());
                    return false;
                })
                .replaceWithVoid();
    }

    /** @return true if the heartbeat matched the job's running attempt */
    Uni<Boolean> record(JobHeartbeat heartbeat) {
        return pool.preparedQuery(BEAT).execute(Tuple.of(heartbeat.jobId(), heartbeat.attempt()))
                .map(rows -> rows.rowCount() == 1);
    }
}
