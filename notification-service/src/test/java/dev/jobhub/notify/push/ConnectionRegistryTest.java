package dev.jobhub.notify.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.notify.stream.StreamMessage;
import dev.jobhub.notify.stream.StreamMessage.Entry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry(2);
    private long seq;

    /** A new stream message of {@code user} with {@code text} as its payload, handed to the registry. */
    private int publish(String user, String text) {
        return registry.dispatch(entry(++seq, user, null, text));
    }

    private static Entry entry(long seq, String user, UUID jobId, String text) {
        return new Entry(seq, new StreamMessage(UUID.randomUUID(), user, jobId, "job.progress", text));
    }

    @Test
    void aReplayingConnectionGetsWhatItMissedThenWhatArrivedMeanwhileEachOnceInOrder() {
        FakeTarget target = new FakeTarget();
        Subscriber subscriber = registry.register("alice", false, target, true);

        // live messages while the replay is read: held back
        registry.dispatch(entry(11, "alice", null, "eleven"));
        registry.dispatch(entry(12, "alice", null, "twelve"));
        assertThat(target.sent).isEmpty();

        // the replay overlaps what arrived live (11): sent once
        subscriber.replayed(List.of(entry(9, "alice", null, "nine"), entry(10, "alice", null, "ten"),
                entry(11, "alice", null, "eleven")));
        registry.dispatch(entry(12, "alice", null, "twelve")); // delivered twice by the tailer: ignored
        registry.dispatch(entry(13, "alice", null, "thirteen"));

        assertThat(target.sent).containsExactly("nine", "ten", "eleven", "twelve", "thirteen");
    }

    @Test
    void anAdminSubscribedToAJobGetsItsMessagesWhoeverOwnsItAndStopsWhenUnsubscribed() {
        FakeTarget admin = new FakeTarget();
        FakeTarget carol = new FakeTarget();
        Subscriber adminSubscriber = registry.register("root", true, admin, false);
        registry.register("carol", false, carol, false);
        UUID job = UUID.randomUUID();

        registry.subscribe(adminSubscriber, job);
        registry.dispatch(entry(1, "bob", job, "bob's job"));
        registry.dispatch(entry(2, "bob", UUID.randomUUID(), "another job of bob"));
        registry.unsubscribe(adminSubscriber, job);
        registry.dispatch(entry(3, "bob", job, "after"));

        assertThat(admin.sent).containsExactly("bob's job");
        assertThat(carol.sent).isEmpty();
    }

    @Test
    void deliversToEveryConnectionOfTheUserAndNobodyElse() {
        FakeTarget aliceLaptop = new FakeTarget();
        FakeTarget alicePhone = new FakeTarget();
        FakeTarget bob = new FakeTarget();
        registry.register("alice", false, aliceLaptop, false);
        registry.register("alice", false, alicePhone, false);
        registry.register("bob", false, bob, false);

        assertThat(publish("alice", "one")).isEqualTo(2);
        assertThat(publish("alice", "two")).isEqualTo(2);

        assertThat(aliceLaptop.sent).containsExactly("one", "two");
        assertThat(alicePhone.sent).containsExactly("one", "two");
        assertThat(bob.sent).isEmpty();
        assertThat(registry.connections()).isEqualTo(3);
    }

    @Test
    void aUserWithoutConnectionsReceivesNothing() {
        assertThat(registry.isConnected("carol")).isFalse();
        assertThat(publish("carol", "lost")).isZero();
    }

    @Test
    void unregisteringTheLastConnectionForgetsTheUser() {
        FakeTarget alice = new FakeTarget();
        registry.register("alice", false, alice, false);

        registry.unregister(alice.id());
        registry.unregister(alice.id()); // closing twice is harmless

        assertThat(registry.isConnected("alice")).isFalse();
        assertThat(registry.connections()).isZero();
        assertThat(publish("alice", "late")).isZero();
        assertThat(alice.sent).isEmpty();
    }

    @Test
    void aClosedConnectionIsDroppedWithoutAffectingTheOthers() {
        FakeTarget closed = new FakeTarget();
        FakeTarget open = new FakeTarget();
        registry.register("alice", false, closed, false);
        registry.register("alice", false, open, false);
        closed.open = false;

        assertThat(publish("alice", "one")).isEqualTo(1);

        assertThat(open.sent).containsExactly("one");
        assertThat(closed.sent).isEmpty();
        assertThat(registry.connections("alice")).isEqualTo(1);
    }

    @Test
    void aSlowConnectionIsClosedOnceTooManyMessagesWaitWhileTheOthersGoOn() {
        FakeTarget slow = new FakeTarget();
        slow.completeSends = false; // its writes never finish: a client that stopped reading
        FakeTarget fast = new FakeTarget();
        registry.register("alice", false, slow, false);
        registry.register("alice", false, fast, false);

        publish("alice", "one");
        publish("alice", "two");
        publish("alice", "three"); // a third pending message exceeds the limit of 2

        assertThat(slow.closedWith).isNotNull();
        assertThat(slow.sent).containsExactly("one", "two");
        assertThat(fast.sent).containsExactly("one", "two", "three");
        assertThat(registry.connections("alice")).isEqualTo(1);
    }

    @Test
    void aConnectionThatCatchesUpMayReceiveMore() {
        FakeTarget target = new FakeTarget();
        target.completeSends = false;
        registry.register("alice", false, target, false);

        publish("alice", "one");
        publish("alice", "two");
        target.completePending();
        publish("alice", "three");

        assertThat(target.closedWith).isNull();
        assertThat(target.sent).containsExactly("one", "two", "three");
    }

    @Test
    void aFailedWriteDoesNotStopLaterOnes() {
        FakeTarget target = new FakeTarget();
        target.failSends = true;
        registry.register("alice", false, target, false);

        publish("alice", "one");
        publish("alice", "two");
        publish("alice", "three");

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
