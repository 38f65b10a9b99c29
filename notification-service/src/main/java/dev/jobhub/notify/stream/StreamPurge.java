package dev.jobhub.notify.stream;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Deletes the stream's messages once they are older than the retention: the store stays bounded. A round deletes in
 * chunks of {@code purge-chunk}, pausing {@code purge-pause} between them: a minute of a busy stream is hundreds of
 * thousands of rows, and deleting them in one statement held the database for seconds (4.2 s for a minute of
 * 1,000 jobs a second) while every live client waited on the store path.
 */
@ApplicationScoped
public class StreamPurge {

    private final StreamLog log;
    private final StreamConfig config;

    public StreamPurge(StreamLog log, StreamConfig config) {
        this.log = log;
        this.config = config;
    }

    @Scheduled(identity = "stream-purge", every = "${jobhub.notify.stream.purge-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeExpired()
                .invoke(deleted -> Log.debugf("deleted %d expired stream messages", deleted))
                .onFailure().invoke(failure -> Log.debugf("stream purge failed, trying at the next round: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One round: every message past the retention, chunk by chunk. @return how many were deleted */
    Uni<Integer> purgeExpired() {
        return purgeChunks(Instant.now().minus(config.retention()), 0);
    }

    private Uni<Integer> purgeChunks(Instant before, int deletedSoFar) {
        int chunk = config.purgeChunk();
        return log.purge(before, chunk).chain(deleted -> deleted < chunk
                ? Uni.createFrom().item(deletedSoFar + deleted)
                : Uni.createFrom().voidItem().onItem().delayIt().by(config.purgePause())
                        .chain(() -> purgeChunks(before, deletedSoFar + deleted)));
    }
}
