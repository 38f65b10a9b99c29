package dev.jobhub.notify.stream;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Deletes the stream's messages once they are older than the retention: the store stays bounded. */
@ApplicationScoped
public class StreamPurge {

    private final StreamLog log;
    private final StreamConfig config;

    public StreamPurge(StreamLog log, StreamConfig config) {
        this.log = log;
        this.config = config;
    }

    @Scheduled(every = "${jobhub.notify.stream.purge-every:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return log.purge(Instant.now().minus(config.retention()))
                .invoke(deleted -> Log.debugf("deleted %d expired stream messages", deleted))
                .onFailure().invoke(failure -> Log.debugf("stream purge failed, trying at the next round: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
