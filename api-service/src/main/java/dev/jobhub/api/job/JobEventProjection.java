package dev.jobhub.api.job;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the job record current from {@code jobs.events}. Each event is one conditional UPDATE that applies only
 * if the event is newer than the record, by (attempt, sequence): a duplicate, a stale event or one of a
 * superseded attempt changes nothing, without locks and whatever the delivery order.
 */
@ApplicationScoped
public class JobEventProjection {

    private static final String APPLY = """
            UPDATE jobs SET
                state = $2,
                attempt = $3,
                last_sequence = $4,
                progress = COALESCE($5::text::jsonb, progress),
                result = COALESCE($6::text::jsonb, result),
                error = CASE WHEN $2 = 'completed' THEN NULL ELSE COALESCE($7::text::jsonb, error) END,
                started_at = CASE WHEN $8 THEN COALESCE(started_at, $9) ELSE started_at END,
                finished_at = CASE WHEN $10 THEN $9 ELSE finished_at END,
                updated_at = now(),
                version = version + 1
            WHERE id = $1 AND ($3 > attempt OR ($3 = attempt AND $4 > last_sequence))
            """;

    private final Pool pool;

    public JobEventProjection(Pool pool) {
        this.pool = pool;
    }

    @Incoming("job-events")
    public Uni<Void> onEvent(byte[] record) {
        JobEvent event;
        try {
            event = JobJsonCodec.fromBytes(record, JobEvent.class);
        } catch (IllegalArgumentException e) {
            Log.warnf("skipping a record on jobs.events that is not a job event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        // a database outage stalls the projection (the record stays unacknowledged) instead of losing the event
        return apply(event)
                .onFailure().invoke(e -> Log.warnf("cannot apply %s of job %s yet: %s", event.type().wireName(),
                        event.jobId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }

    /** @return true if the event changed the record */
    Uni<Boolean> apply(JobEvent event) {
        boolean started = event.type() == JobEventType.STARTED;
        Tuple values = Tuple.tuple()
                .addUUID(event.jobId())
                .addString(event.state().wireName())
                .addInteger(event.attempt())
                .addLong(event.sequence())
                .addString(json(event.progress()))
                .addString(json(event.result()))
                .addString(json(event.error()))
                .addBoolean(started)
                .addOffsetDateTime(OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .addBoolean(event.type().isTerminal());
        return pool.preparedQuery(APPLY).execute(values).map(rows -> rows.rowCount() == 1);
    }

    private static String json(Object value) {
        return value == null ? null : JobJsonCodec.toJson(value);
    }
}
