package dev.jobhub.notify.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry(2);

    @Test
    void deliversToEveryConnectionOfTheUserAndNobodyElse() {
        FakeTarget aliceLaptop = new FakeTarget();
        FakeTarget alicePhone = new FakeTarget();
        FakeTarget bob = new FakeTarget();
        registry.register("alice", aliceLaptop);
        registry.register("alice", alicePhone);
        registry.register("bob", bob);

        assertThat(registry.publish("alice", "one")).isEqualTo(2);
        assertThat(registry.publish("alice", "two")).isEqualTo(2);

        assertThat(aliceLaptop.sent).containsExactly("one", "two");
        assertThat(alicePhone.sent).containsExactly("one", "two");
        assertThat(bob.sent).isEmpty();
        assertThat(registry.connections()).isEqualTo(3);
    }

    @Test
    void aUserWithoutConnectionsReceivesNothing() {
        assertThat(registry.isConnected("carol")).isFalse();
        assertThat(registry.publish("carol", "lost")).isZero();
    }

    @Test
    void unregisteringTheLastConnectionForgetsTheUser() {
        FakeTarget alice = new FakeTarget();
        registry.register("alice", alice);

        registry.unregister(alice.id());
        registry.unregister(alice.id()); // closing twice is harmless

        assertThat(registry.isConnected("alice")).isFalse();
        assertThat(registry.connections()).isZero();
        assertThat(registry.publish("alice", "late")).isZero();
        assertThat(alice.sent).isEmpty();
    }

    @Test
    void aClosedConnectionIsDroppedWithoutAffectingTheOthers() {
        FakeTarget closed = new FakeTarget();
        FakeTarget open = new FakeTarget();
        registry.register("alice", closed);
        registry.register("alice", open);
        closed.open = false;

        assertThat(registry.publish("alice", "one")).isEqualTo(1);

        assertThat(open.sent).containsExactly("one");
        assertThat(closed.sent).isEmpty();
        assertThat(registry.connections("alice")).isEqualTo(1);
    }

    @Test
    void aSlowConnectionIsClosedOnceTooManyMessagesWaitWhileTheOthersGoOn() {
        FakeTarget slow = new FakeTarget();
        slow.completeSends = false; // its writes never finish: a client that stopped reading
        FakeTarget fast = new FakeTarget();
        registry.register("alice", slow);
        registry.register("alice", fast);

        registry.publish("alice", "one");
        registry.publish("alice", "two");
        registry.publish("alice", "three"); // a third pending message exceeds the limit of 2

        assertThat(slow.closedWith).isNotNull();
        assertThat(slow.sent).containsExactly("one", "two");
        assertThat(fast.sent).containsExactly("one", "two", "three");
        assertThat(registry.connections("alice")).isEqualTo(1);
    }

    @Test
    void aConnectionThatCatchesUpMayReceiveMore() {
        FakeTarget target = new FakeTarget();
        target.completeSends = false;
        registry.register("alice", target);

        registry.publish("alice", "one");
        registry.publish("alice", "two");
        target.completePending();
        registry.publish("alice", "three");

        assertThat(target.closedWith).isNull();
        assertThat(target.sent).containsExactly("one", "two", "three");
    }

    @Test
    void aFailedWriteDoesNotStopLaterOnes() {
        FakeTarget target = new FakeTarget();
        target.failSends = true;
        registry.register("alice", target);

        registry.publish("alice", "one");
        registry.publish("alice", "two");
        registry.publish("alice", "three");

        assertThat(target.sent).containsExactly("one", "two", "three");
        assertThat(target.closedWith).isNull();
    }

    private static final class FakeTarget implements PushTarget {

        final String id = UUID.randomUUID().toString();
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        volatile boolean completeSends = true;
        volatile boolean failSends;
        volatile String closedWith;

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public CompletionStage<Void> send(String text) {
            sent.add(text);
            if (failSends) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection reset"));
            }
            CompletableFuture<Void> write = new CompletableFuture<>();
            if (completeSends) {
                write.complete(null);
            } else {
                pending.add(write);
            }
            return write;
        }

        void completePending() {
            pending.forEach(write -> write.complete(null));
            pending.clear();
        }

        @Override
        public void close(String reason) {
            open = false;
            closedWith = reason;
        }
    }
}
