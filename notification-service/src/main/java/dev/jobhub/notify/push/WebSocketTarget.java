package dev.jobhub.notify.push;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.CompletionStage;

/** A websockets-next server connection as a {@link PushTarget}. */
final class WebSocketTarget implements PushTarget {

    /** 1013 "Try Again Later": the client may reconnect. */
    private static final int TRY_AGAIN_LATER = 1013;

    private final WebSocketConnection connection;

    WebSocketTarget(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public CompletionStage<Void> send(String text) {
        return connection.sendText(text).subscribeAsCompletionStage();
    }

    @Override
    public void close(String reason) {
        connection.close(new CloseReason(TRY_AGAIN_LATER, reason)).subscribe().with(ok -> {
        }, failure -> {
        });
    }
}
