package dev.jobhub.worker.heartbeat;

import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.kafka.KafkaHeaders;
import dev.jobhub.worker.job.DaemonThreads;
import dev.jobhub.worker.job.JobAttempt;
import dev.jobhub.worker.job.KafkaJobEventPublisher;
import dev.jobhub.worker.job.WorkerConfig;
import dev.jobhub.worker.job.WorkerPool;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every {@code jobhub.worker.heartbeat-interval}, one {@link JobHeartbeat} per attempt running here, on
 * {@code jobs.heartbeats} (key job id, CloudEvents headers): api-service re-dispatches an active job whose heartbeats
 * stop. Fire and forget: a lost heartbeat is covered by the next one, and the stall timeout spans several. An attempt
 * gets no heartbeat once it has ended (or was dropped), so none follows its outcome.
 */
@ApplicationScoped
public class HeartbeatSender {

    public static final String CHANNEL = "job-heartbeats";

    private final WorkerPool pool;
    private final MutinyEmitter<byte[]> emitter;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public HeartbeatSender(WorkerPool pool, @Channel(CHANNEL) MutinyEmitter<byte[]> emitter, WorkerConfig config) {
        this.pool = pool;
        this.emitter = emitter;
        this.interval = config.heartbeatInterval();
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("job-heartbeats", false));
        timer.scheduleAtFixedRate(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends the heartbeats of the attempts running now. */
    void beat() {
        try {
            for (JobAttempt attempt : pool.running()) {
                attempt.heartbeat().ifPresent(this::send);
            }
        } catch (RuntimeException e) {
            // the schedule must survive a bad tick, or every later heartbeat would be lost
            Log.warnf("heartbeats not sent: %s", e.getMessage());
        }
    }

    private void send(JobHeartbeat heartbeat) {
        emitter.sendMessageAndForget(Message.of(JobJsonCodec.toBytes(heartbeat))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(heartbeat.jobId().toString())
                        .withHeaders(KafkaHeaders.cloudEvent(heartbeat, KafkaJobEventPublisher.SOURCE))
                        .build()));
    }

    // after the pool's own shutdown observer: jobs finishing within the shutdown grace still need their heartbeats
    void onShutdown(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 100) ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
