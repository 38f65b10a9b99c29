package dev.jobhub.worker.job;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A JobEventPublisher for unit tests: records what the broker took; can refuse events of one type a few times. */
public final class RecordingPublisher implements JobEventPublisher {

    private final List<JobEvent> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile JobEventType refused;

    /** The next {@code times} sends of {@code type} fail as if the broker were away. */
    public RecordingPublisher refuse(JobEventType type, int times) {
        this.refused = type;
        this.refusals.set(times);
        return this;
    }

    @Override
    public Uni<Void> publish(JobEvent event) {
        if (event.type() == refused && refusals.getAndDecrement() > 0) {
            return Uni.createFrom().failure(new IllegalStateException("broker unavailable"));
        }
        published.add(event);
        return Uni.createFrom().voidItem();
    }

    public List<JobEvent> published() {
        return List.copyOf(published);
    }

    public List<JobEventType> types() {
        return published.stream().map(JobEvent::type).toList();
    }
}
