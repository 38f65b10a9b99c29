package dev.jobhub.notify.stream;

import dev.jobhub.notify.push.PushTarget;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An SSE response as a {@link PushTarget}: each message an event with its id and type as the event's id and name. */
final class SseTarget implements PushTarget {

    private final String id = "sse-" + UUID.randomUUID();
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;

    SseTarget(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
        this.emitter = emitter;
        this.sse = sse;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return !emitter.isCancelled();
    }

    @Override
    public CompletionStage<Void> send(String text) {
        return send(text, null, "message");
    }

    @Override
    public CompletionStage<Void> send(String text, String eventId, String type) {
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(type).data(text);
        if (eventId != null) {
            event.id(eventId);
        }
        emitter.emit(event.build());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(String reason) {
        emitter.complete();
    }
}
